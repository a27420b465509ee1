"""Admin building blocks shared by every app."""


class ReadOnlyAdminMixin:
    """Rows written by the portal's own rules (logs, runs, events): the admin shows them, never edits or deletes."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

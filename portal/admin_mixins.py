"""Admin building blocks shared by every app."""


class ReadOnlyAdminMixin:
    """Rows written by the portal's own rules (logs, runs, events): the admin shows them, never edits or deletes."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def local_time_column(field: str, zone: str, description):
    """A ``list_display`` entry showing ``field`` in the zone of the row's facility (``zone``: dotted path from the
    row to the Facility), labelled when several zones are in use; sorts by the stored time."""
    from django.contrib import admin

    from portal.lists.columns import resolve
    from portal.services.localtime import format_local

    @admin.display(description=description, ordering=field)
    def show(obj) -> str:
        return format_local(getattr(obj, field), resolve(obj, zone))

    show.__name__ = f"{field}_local"
    return show


class FacilityTimeZoneAdminMixin:
    """The change page of a record that belongs to a facility shows (and reads) its date-times in the facility's
    zone: the page renders with that zone active. ``facility_zone``: dotted path from the record to the Facility."""

    facility_zone: str = "facility"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from django.contrib.admin.utils import unquote
        from django.utils import timezone

        from portal.lists.columns import resolve
        from portal.services.localtime import zone_of

        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if obj is None:
            return super().change_view(request, object_id, form_url, extra_context)
        with timezone.override(zone_of(resolve(obj, self.facility_zone))):
            response = super().change_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # render while the facility's zone is active
        return response

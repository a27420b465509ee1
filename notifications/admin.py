"""Notifications in the admin panel: look them up, see who they are for, re-address them.

State and history fields are read-only: notifications are opened and closed by the modules and by the people
they are addressed to (``notifications.services``), never by editing rows.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind_name", "level", "state", "source_type", "source_id", "raise_count", "last_raised_at"]
    list_filter = ["state", "level", "kind", "source_type"]
    search_fields = ["title", "body", "kind", "key", "source_id"]
    date_hierarchy = "last_raised_at"
    list_select_related = ["source_type"]
    list_per_page = 50

    @admin.display(description=_("kind"), ordering="kind")
    def kind_name(self, obj) -> str:
        from .kinds import kind_label

        return kind_label(obj.kind)
    filter_horizontal = ["target_permissions", "target_groups", "target_users"]
    readonly_fields = [
        "kind", "source_type", "source_id", "key", "state", "resolved_by", "resolved_at", "resolution_note",
        "cleared_at", "created_at", "updated_at", "last_raised_at", "raise_count",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "level", "title", "body", "url"]}),
        (_("Condition"), {"fields": ["source_type", "source_id", "key"]}),
        (_("Audience"), {"fields": ["target_permissions", "target_groups", "target_users"]}),
        (_("State"), {"fields": [
            "state", "resolved_by", "resolved_at", "resolution_note", "cleared_at", "created_at", "updated_at",
            "last_raised_at", "raise_count",
        ]}),
    ]

    def has_add_permission(self, request) -> bool:
        return False  # raised by the modules through notifications.services

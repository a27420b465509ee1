"""The audit log in the admin: django-auditlog's list, whose rows link only to pages the viewer may open.

auditlog links every row to its record's admin page and its actor's user page; a reader of the audit log who may
not open that model's admin (a scheduling admin reading a downtime category's change) got a 403 behind the link.
Such a row shows the record as text instead.
"""

from __future__ import annotations

from auditlog.admin import LogEntryAdmin
from django.contrib.auth import get_user_model
from django.utils.html import format_html


class PermittedLinksLogEntryAdmin(LogEntryAdmin):
    def _may_open(self, model) -> bool:
        request = getattr(self, "request", None)  # set by auditlog's get_queryset for the page being rendered
        if request is None or model is None:
            return False
        cache = request.__dict__.setdefault("_audit_link_access", {})
        if model not in cache:
            model_admin = self.admin_site._registry.get(model)
            cache[model] = bool(model_admin and model_admin.has_view_or_change_permission(request))
        return cache[model]

    def resource_url(self, obj):
        if self._may_open(obj.content_type.model_class()):
            return super().resource_url(obj)
        return format_html("{} - {}", obj.content_type, obj.object_repr)

    resource_url.short_description = LogEntryAdmin.resource_url.short_description

    def user_url(self, obj):
        if obj.actor and not self._may_open(get_user_model()):
            return str(obj.actor)
        return super().user_url(obj)

    user_url.short_description = LogEntryAdmin.user_url.short_description

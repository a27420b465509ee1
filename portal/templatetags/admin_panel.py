"""Admin template helpers of the configuration panel."""

from auditlog.registry import auditlog
from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.http import urlencode

from portal.roles import VIEW_AUDIT_LOG

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_history_url(context, obj) -> str:
    """The audit log filtered to ``obj``'s changes, when the model is audited and the viewer may read the log."""
    request = context.get("request")
    if obj is None or request is None or not auditlog.contains(type(obj)):
        return ""
    if not request.user.has_perm(VIEW_AUDIT_LOG):
        return ""
    content_type = ContentType.objects.get_for_model(type(obj))
    query = urlencode({"resource_type": content_type.pk, "object_pk": obj.pk})
    return f"{reverse('admin:auditlog_logentry_changelist')}?{query}"

"""Admin pages of the permissions card: who has per-user overrides, and one user's capabilities as checkboxes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .access import capability_required
from .capabilities import capability_groups, capability_labels
from .roles import MANAGE_PERMISSIONS
from .services.capabilities import role_grants, set_capability_overrides, user_overrides


@capability_required(MANAGE_PERMISSIONS)
def permissions_overview(request):
    users = get_user_model().objects.order_by("username").annotate(overrides=Count("user_permissions"))
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(username__icontains=query) | Q(first_name__icontains=query)
                             | Q(last_name__icontains=query))
    else:
        users = users.filter(overrides__gt=0)
    return render_admin(request, "admin/portal/permissions.html", {
        "title": _("Permissions"), "users": users.prefetch_related("groups")[:100], "query": query,
    })


@capability_required(MANAGE_PERMISSIONS)
def capability_overrides(request, user_id: int):
    subject = get_object_or_404(get_user_model(), pk=user_id)
    if subject.is_superuser and not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        wanted = set(request.POST.getlist("capability"))
        unknown = wanted - capability_labels()
        if unknown:
            messages.error(request, _("Unknown capability: %(names)s") % {"names": ", ".join(sorted(unknown))})
        else:
            added, removed = set_capability_overrides(subject, wanted, request.user)
            messages.success(request, _("Saved: %(added)d granted, %(removed)d withdrawn.")
                             % {"added": len(added), "removed": len(removed)})
            return redirect("admin:user_capabilities", user_id=subject.pk)
    inherited = role_grants(subject)
    own = user_overrides(subject)
    groups = [
        (title, [{"label": f"{p.content_type.app_label}.{p.codename}", "name": p.name,
                  "roles": inherited.get(f"{p.content_type.app_label}.{p.codename}", []),
                  "own": f"{p.content_type.app_label}.{p.codename}" in own} for p in members])
        for title, members in capability_groups()
    ]
    return render_admin(request, "admin/portal/user_capabilities.html", {
        "title": _("Capabilities of %(user)s") % {"user": subject}, "subject": subject, "groups": groups,
    })


def render_admin(request, template: str, context: dict, site=None):
    from django.contrib import admin as django_admin

    return TemplateResponse(request, template, {**(site or django_admin.site).each_context(request), **context})

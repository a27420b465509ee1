"""The module's entry: desktop (PC) or phone mode, asked right after signing in and kept for the device (a cookie;
the profile keeps the last choice for a device that never chose), and the dashboard's attention cards."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.access import capability_required
from portal.roles import LASER_ADMIN, LASER_MANAGER, LASER_OPERATOR

from ..apps import LOG_RUNS, MANAGE
from ..models import InventoryItem, LaserRun, OutboundDraft
from ..services import projects
from ..services.material import material_blocks
from . import in_shop_zone

CARD_ROWS = 8
MODE_COOKIE = "laser_mode"
MODE_COOKIE_AGE = 365 * 24 * 3600
MODES = ("desktop", "phone")
LASER_ROLES = {LASER_OPERATOR, LASER_MANAGER, LASER_ADMIN}


def device_mode(request) -> str | None:
    """The mode chosen on this device, or None when this device never chose."""
    mode = request.COOKIES.get(MODE_COOKIE)
    return mode if mode in MODES else None


def landing_after_sign_in(request) -> str | None:
    """portal/landing.py: a user whose roles are all the laser shop's lands in its phone or PC mode (the one this
    device chose, or the choice page); anyone else (other roles, mixed roles, superusers) lands as before."""
    user = request.user
    if user.is_superuser or not user.has_perm(LOG_RUNS):
        return None
    roles = set(user.groups.values_list("name", flat=True))
    if not roles or not roles <= LASER_ROLES:
        return None
    mode = device_mode(request)
    return reverse("laser:home") if mode else reverse("laser:mode")


@capability_required(LOG_RUNS)
def home(request):
    """Phone mode opens the run logging page; desktop mode the dashboard (an operator: the production queue); a
    device that never chose asks first."""
    mode = device_mode(request)
    if mode is None:
        return redirect("laser:mode")
    if mode == "phone":
        return redirect("laser:phone")
    return redirect("laser:dashboard" if request.user.has_perm(MANAGE) else "laser:queue")


@require_http_methods(["GET", "POST"])
@capability_required(LOG_RUNS)
def choose_mode(request):
    """Right after signing in (and from the module's menus): PC or phone, kept for this device."""
    if request.method == "POST":
        mode = request.POST.get("ui_mode")
        if mode in MODES:
            request.user.ui_mode = mode
            request.user.save(update_fields=["ui_mode"])
            messages.success(request, _("Phone mode on.") if mode == "phone" else _("Desktop mode on."))
            response = redirect("laser:home")
            response.set_cookie(MODE_COOKIE, mode, max_age=MODE_COOKIE_AGE, samesite="Lax", httponly=True,
                                secure=request.is_secure())
            return response
        messages.error(request, _("Choose desktop or phone."))
    return render(request, "laser/mode.html", {"current": device_mode(request) or request.user.ui_mode})


def _low_stock():
    return InventoryItem.objects.filter(active=True).filter(Q(quantity__lt=F("minimum")) | Q(quantity__lt=0))


@in_shop_zone
@capability_required(MANAGE)
def dashboard(request):
    low = list(_low_stock().order_by("quantity")[:CARD_ROWS])
    blocked = list(projects.blocked()[:CARD_ROWS])
    overdue = projects.overdue_in_stage()
    late = list(projects.late()[:CARD_ROWS])
    blocks = material_blocks()
    running = list(LaserRun.objects.filter(status=LaserRun.Status.RUNNING)
                   .select_related("project", "machine", "operator").order_by("started_at")[:CARD_ROWS])
    context = {
        "low": low, "low_count": _low_stock().count(),
        "blocked": blocked, "blocked_count": projects.blocked().count(),
        "material_blocks": blocks[:CARD_ROWS], "material_blocks_count": len(blocks),
        "overdue": overdue[:CARD_ROWS], "overdue_count": len(overdue),
        "late": late, "late_count": projects.late().count(),
        "running": running, "running_count": LaserRun.objects.filter(status=LaserRun.Status.RUNNING).count(),
        "drafts_count": OutboundDraft.objects.filter(sent_at__isnull=True, withdrawn_at__isnull=True).count(),
    }
    return render(request, "laser/dashboard.html", context)

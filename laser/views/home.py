"""The module's entry: desktop or phone mode (kept on the profile), and the dashboard's attention cards."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import F, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.access import capability_required

from ..apps import LOG_RUNS, MANAGE
from ..models import InventoryItem, LaserRun, OutboundDraft
from ..services import projects
from . import in_shop_zone

CARD_ROWS = 8


@capability_required(LOG_RUNS)
def home(request):
    """Phone mode opens the run logging page; desktop mode the dashboard (operators: the phone page)."""
    if request.user.ui_mode == "phone" or not request.user.has_perm(MANAGE):
        return redirect("laser:phone")
    return redirect("laser:dashboard")


@require_http_methods(["GET", "POST"])
@capability_required(LOG_RUNS)
def choose_mode(request):
    """After signing in: desktop or phone. Kept on the profile (also switchable in the header)."""
    if request.method == "POST":
        mode = request.POST.get("ui_mode")
        if mode in ("desktop", "phone"):
            request.user.ui_mode = mode
            request.user.save(update_fields=["ui_mode"])
            messages.success(request, _("Phone mode on.") if mode == "phone" else _("Desktop mode on."))
            return redirect("laser:home")
        messages.error(request, _("Choose desktop or phone."))
    return render(request, "laser/mode.html", {"current": request.user.ui_mode})


def _low_stock():
    return InventoryItem.objects.filter(active=True).filter(Q(quantity__lt=F("minimum")) | Q(quantity__lt=0))


@in_shop_zone
@capability_required(MANAGE)
def dashboard(request):
    low = list(_low_stock().order_by("quantity")[:CARD_ROWS])
    blocked = list(projects.blocked()[:CARD_ROWS])
    overdue = projects.overdue_in_stage()
    late = list(projects.late()[:CARD_ROWS])
    running = list(LaserRun.objects.filter(status=LaserRun.Status.RUNNING)
                   .select_related("project", "machine", "operator").order_by("started_at")[:CARD_ROWS])
    context = {
        "low": low, "low_count": _low_stock().count(),
        "blocked": blocked, "blocked_count": projects.blocked().count(),
        "overdue": overdue[:CARD_ROWS], "overdue_count": len(overdue),
        "late": late, "late_count": projects.late().count(),
        "running": running, "running_count": LaserRun.objects.filter(status=LaserRun.Status.RUNNING).count(),
        "drafts_count": OutboundDraft.objects.filter(sent_at__isnull=True).count(),
    }
    return render(request, "laser/dashboard.html", context)

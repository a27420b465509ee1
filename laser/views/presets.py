"""Machine-setting presets: everyone who logs runs reads them; managers save new versions."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.access import capability_required

from ..apps import EDIT_PRESETS, LOG_RUNS
from ..forms import PresetForm
from ..models import Preset
from ..services.presets import SETTINGS, save_new_version
from . import in_shop_zone


@in_shop_zone
@capability_required(LOG_RUNS)
def preset_list(request):
    """The current version per material and thickness, with the number of versions."""
    latest = {(r["material_type"], r["thickness_mm"]): r["v"] for r in
              Preset.objects.values("material_type", "thickness_mm").annotate(v=Max("version"))}
    current = [p for p in Preset.objects.select_related("created_by")
               if latest.get((p.material_type, p.thickness_mm)) == p.version]
    return render(request, "laser/presets.html", {"presets": current,
                                                  "can_edit": request.user.has_perm(EDIT_PRESETS)})


@in_shop_zone
@capability_required(EDIT_PRESETS)
def preset_new(request):
    """Save settings as the next version (prefilled from a current version with ``?from=<id>``)."""
    initial = {}
    source = Preset.objects.filter(pk=request.GET.get("from")).first() if request.GET.get(
        "from", "").isdigit() else None
    if source is not None:
        initial = {"material_type": source.material_type, "thickness_mm": source.thickness_mm,
                   **{k: getattr(source, k) for k in SETTINGS}}
    form = PresetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        preset = save_new_version(material_type=data["material_type"], thickness_mm=data["thickness_mm"],
                                  values=data, user=request.user)
        messages.success(request, _("Saved %(preset)s.") % {"preset": preset})
        return redirect("laser:presets")
    return render(request, "laser/preset_form.html", {"form": form, "source": source})

"""Projects: the list, the production queue, a project's page with its stage buttons and timeline (the shared
workflow panel), and the create/edit form."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.views import PortalListView
from portal.workflow.views import WorkflowActionView, workflow_panel

from ..apps import LOG_RUNS, MANAGE
from ..filters import ProjectFilter, QueueFilter
from ..forms import ProjectForm
from ..models import InventoryItem, Project, StageThreshold
from ..services import shop_zone
from ..services.runs import current_preset, ready_to_cut
from . import ShopZoneMixin, in_shop_zone


def _project_url(row) -> str:
    return reverse("laser:project", args=[row.pk])


PROJECT_COLUMNS = (
    Column("code", gettext_lazy("Project"), sort="code", link=_project_url, css="text-nowrap"),
    Column("client.name", gettext_lazy("Client"), sort="client__name", width=26),
    Column("material", gettext_lazy("Material"), getter=lambda p: p.get_material_type_display(),
           sort="material_type"),
    Column("thickness_mm", gettext_lazy("Thickness (mm)"), kind="decimal", sort="thickness_mm"),
    Column("sheet_size", gettext_lazy("Sheet size"), sort="sheet_size"),
    Column("sheets_required", gettext_lazy("Sheets"), kind="int", sort="sheets_required"),
    Column("target_date", gettext_lazy("Target date"), kind="date", sort="target_date"),
    Column("stage_label", gettext_lazy("Stage"), getter=lambda p: p.get_stage_display(), sort="stage"),
    Column("state_entered_at", gettext_lazy("In stage since"), kind="datetime", sort="state_entered_at"),
)


class ProjectListView(ShopZoneMixin, PortalListView):
    permission_required = MANAGE
    title = gettext_lazy("Laser projects")
    filterset_class = ProjectFilter
    default_sort = "target_date"
    tiebreak = "code"
    export_name = "laser-projects"
    template_name = "laser/projects.html"
    columns = PROJECT_COLUMNS

    def get_queryset(self):
        return Project.objects.select_related("client")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.thresholds = {t.stage: t.after for t in StageThreshold.objects.filter(active=True)}

    def row_css(self, row) -> str:
        from django.utils import timezone

        limit = self.thresholds.get(row.stage)
        return "table-warning" if limit and timezone.now() - row.state_entered_at >= limit else ""


class QueueListView(ShopZoneMixin, PortalListView):
    """The production queue: projects ready to cut, nearest target date first."""

    permission_required = LOG_RUNS
    title = gettext_lazy("Production queue")
    intro = gettext_lazy("Projects in Cutting, nearest target date first.")
    filterset_class = QueueFilter
    default_sort = "target_date"
    tiebreak = "code"
    export_name = "laser-queue"
    columns = tuple(c for c in PROJECT_COLUMNS if c.key not in ("stage_label",))

    def get_columns(self):
        if self.request.user.has_perm(MANAGE):
            return self.columns
        return tuple(dataclasses.replace(c, link=None) for c in self.columns)  # operators have no project page

    def get_queryset(self):
        return ready_to_cut()


@in_shop_zone
@capability_required(MANAGE)
def project_detail(request, pk: int):
    project = get_object_or_404(Project.objects.select_related("client"), pk=pk)
    action_url = reverse("laser:project-workflow", args=[project.pk, "x"])[:-2]
    item = InventoryItem.objects.filter(material_type=project.material_type, thickness_mm=project.thickness_mm,
                                        sheet_size=project.sheet_size).first()
    context = {
        "project": project, "panel": workflow_panel(project, request.user, action_url), "item": item,
        "preset": current_preset(project.material_type, project.thickness_mm),
        "runs": project.runs.select_related("machine", "operator").prefetch_related("extra_operators")[:50],
        "drafts": project.drafts.all()[:10],
    }
    context["panel"]["facility"] = shop_zone()  # the timeline reads in the shop's zone like the rest of the page
    return render(request, "laser/project.html", context)


@in_shop_zone
@capability_required(MANAGE)
def project_form(request, pk: int | None = None):
    project = get_object_or_404(Project, pk=pk) if pk else None
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Project %(code)s saved.") % {"code": saved.code})
        return redirect(saved.get_absolute_url())
    return render(request, "laser/project_form.html", {"form": form, "project": project})


class ProjectWorkflowView(ShopZoneMixin, WorkflowActionView):
    model = Project
    permission_required = MANAGE

    def render_panel(self, record, **kwargs):
        # A project has no facility of its own: its timeline reads in the shop's zone (the panel refreshed by htmx
        # as on the project's page).
        response = super().render_panel(record, **kwargs)
        response.context_data["panel"]["facility"] = shop_zone()
        return response

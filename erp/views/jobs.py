"""Live open jobs: a row expands into its component transactions with yield cost/scrap and yield loss %."""

from __future__ import annotations

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Value, When
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from erp.filters import OpenJobFilter
from erp.models import Job
from erp.services.jobs import job_yield, open_jobs
from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.views import PortalListView
from portal.roles import VIEW_REPORTS

QTY = DecimalField(max_digits=18, decimal_places=6)


class OpenJobListView(PortalListView):
    permission_required = VIEW_REPORTS
    title = gettext_lazy("Live open jobs")
    intro = gettext_lazy(
        "Open jobs read live from the ERP. Expand a job for its material: net issued = issued − de-issued; "
        "yield loss = net issued − relieved (recorded scrap included); yield cost/scrap = yield loss × unit cost; "
        "yield loss % = yield loss ÷ net issued × 100. On a running job, material not yet relieved counts as loss "
        "until the job completes."
    )
    filterset_class = OpenJobFilter
    default_sort = "job_number"
    tiebreak = "job_number"
    export_name = "open-jobs"
    template_name = "erp/job_list.html"
    columns = (
        Column("job_number", gettext_lazy("Job"), sort="job_number", width=12, css="text-nowrap"),
        Column("part_id", gettext_lazy("Part"), sort="part_id", width=16, css="text-nowrap"),
        Column("part.description", gettext_lazy("Description"), sort="part__description", width=34),
        Column("sales_order.customer.name", gettext_lazy("Customer"), sort="sales_order__customer__name", width=28),
        Column("sales_order_id", gettext_lazy("SO"), sort="sales_order_id", width=12, css="text-nowrap"),
        Column("quantity_required", gettext_lazy("Required"), kind="decimal", sort="quantity_required"),
        Column("quantity_completed", gettext_lazy("Completed"), kind="decimal", sort="quantity_completed"),
        Column("percent_complete", gettext_lazy("% done"), kind="percent", sort="percent_complete"),
        Column("get_status_display", gettext_lazy("Status"), sort="status", width=10, css="text-nowrap"),
        Column("line_code", gettext_lazy("Line"), sort="line_code", width=10, css="text-nowrap"),
        Column("due_date", gettext_lazy("Due"), kind="date", sort="due_date"),
    )

    def get_queryset(self):
        done = ExpressionWrapper(F("quantity_completed") * Value(100) / F("quantity_required"), output_field=QTY)
        return open_jobs().annotate(
            percent_complete=Case(When(quantity_required__gt=0, then=done), default=Value(0), output_field=QTY)
        )

    def row_detail_url(self, row) -> str:
        return reverse("erp:job-transactions", args=[row.job_number])


@capability_required(VIEW_REPORTS)
def job_transactions(request, job_number: str):
    """The expanded row: one line per component with its transactions and yield."""
    job = get_object_or_404(Job.objects.select_related("part"), job_number=job_number)
    return render(request, "erp/partials/job_transactions.html", {"job": job, "yield": job_yield(job)})

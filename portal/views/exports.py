"""A user's background exports: progress (htmx polling) and download. Only the owner sees a job (others 404)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView

from portal.access import SignedInMixin, open_to_all_users
from portal.models import ExportJob
from portal.queue import broker_reachable


class ExportListView(SignedInMixin, ListView):
    template_name = "lists/exports.html"
    paginate_by = 25

    def get_queryset(self):
        return ExportJob.objects.filter(user=self.request.user)


@open_to_all_users
def export_detail(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, user=request.user)
    waiting = job.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING)
    broker_down = waiting and not broker_reachable()
    template = "lists/partials/export_status.html" if getattr(request, "htmx", False) else "lists/export.html"
    return render(request, template, {"job": job, "broker_down": broker_down})


@open_to_all_users
def export_download(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, user=request.user, status=ExportJob.Status.DONE)
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)

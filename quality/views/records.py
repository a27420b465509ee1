"""Detail pages (record, workflow panel, timeline) and the forms that create quality records."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.access import capability_required, open_to_all_users
from portal.commands import Refused, floor_write, form_refusal, refusal_response, show_on_form, wants_json
from portal.photos import serve_upload
from portal.roles import MANAGE_NCR, MANAGE_RETURNS, RAISE_TICKET, VIEW_QUALITY
from portal.services.scoping import NO_LINES_HINT, facilities_for
from portal.workflow.api import creates
from portal.workflow.views import workflow_panel

from ..forms import CapaForm, NcrForm, ReturnForm, ReturnPhotoForm, TicketForm
from ..models import Capa, CustomerReturn, InternalReject, Ncr, ReturnPhoto, SopTicket
from ..services.floor import add_return_photo, record_return, visible_rejects, visible_returns
from ..services.records import add_capa, open_ncr
from ..services.tickets import raise_ticket

VIEW = VIEW_QUALITY


def _panel(request, record, url_name: str) -> dict:
    url = reverse(f"quality:{url_name}", args=[record.pk, "x"])[:-2]
    return workflow_panel(record, request.user, url)


@capability_required(VIEW)
def reject_detail(request, pk: int):
    reject = get_object_or_404(visible_rejects(request.user, InternalReject.objects.select_related(
        "line__facility", "machine", "production_order", "defect__parent", "created_by", "approved_by")), pk=pk)
    return render(request, "quality/reject_detail.html", {
        "record": reject, "panel": _panel(request, reject, "reject-workflow"), "ncrs": reject.ncrs.all()})


@open_to_all_users
def ticket_detail(request, pk: int):
    queryset = SopTicket.workflow.visible_to(SopTicket.objects.select_related(
        "charging_department", "charged_department", "created_by"), request.user)
    ticket = get_object_or_404(queryset, pk=pk)
    return render(request, "quality/ticket_detail.html", {
        "record": ticket, "panel": _panel(request, ticket, "ticket-workflow"), "ncrs": ticket.ncrs.all()})


@creates(ReturnPhoto)
@floor_write("quality.return_photo")
@capability_required(VIEW)
def return_detail(request, pk: int):
    """The return; a returns manager adds photos to it (``quality.services.floor.add_return_photo``)."""
    ret = get_object_or_404(visible_returns(request.user, CustomerReturn.objects.select_related(
        "facility", "defect", "created_by")), pk=pk)
    form, refusal = ReturnPhotoForm(), None
    if request.method == "POST":
        if not request.user.has_perm(MANAGE_RETURNS):
            raise Http404
        form = ReturnPhotoForm(request.POST, request.FILES)
        try:
            if not form.is_valid():
                raise form_refusal(form)
            add_return_photo(request.user, ret, form.cleaned_data["image"])
        except Refused as refused:
            if wants_json(request):
                return refusal_response(refused)
            show_on_form(form, refused)
            refusal = refused
        else:
            messages.success(request, _("Photo added."))
            return redirect(ret)
    return render(request, "quality/return_detail.html", {
        "record": ret, "panel": _panel(request, ret, "return-workflow"), "photos": ret.photos.all(),
        "photo_form": form, "refusal": refusal, "ncrs": ret.ncrs.all()}, status=refusal.status if refusal else 200)


@capability_required(VIEW)
def ncr_detail(request, pk: int):
    ncr = get_object_or_404(Ncr.objects.select_related("department", "owner", "facility", "created_by"), pk=pk)
    capas = [(capa, _panel(request, capa, "capa-workflow")) for capa in ncr.capas.select_related("owner",
                                                                                                "checked_by")]
    return render(request, "quality/ncr_detail.html", {
        "record": ncr, "panel": _panel(request, ncr, "ncr-workflow"), "capas": capas, "capa_form": CapaForm(),
        "may_manage": request.user.has_perm(MANAGE_NCR)})


@creates(SopTicket)
@capability_required(RAISE_TICKET)
def ticket_create(request):
    """Raise a ticket through ``quality.services.tickets.raise_ticket`` (the API's POST calls it too)."""
    form = TicketForm(request.POST or None, user=request.user)
    refusal = None
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise form_refusal(form)
            ticket = raise_ticket(request.user, form.cleaned_data)
        except Refused as refused:
            if wants_json(request):
                return refusal_response(refused)
            show_on_form(form, refused)
            refusal = refused
        else:
            messages.success(request, _("%(ticket)s raised: %(dept)s is asked to respond.") % {
                "ticket": ticket, "dept": ticket.charged_department})
            return redirect(ticket)
    return render(request, "quality/form.html", {"form": form, "title": _("Raise an SOP ticket"),
                                                 "refusal": refusal}, status=refusal.status if refusal else 200)


@creates(CustomerReturn)
@floor_write("quality.return")
@capability_required(MANAGE_RETURNS)
def return_create(request):
    """Record a customer return (``quality.services.floor.record_return``) at a facility where the user works."""
    facilities = list(facilities_for(request.user))
    form = ReturnForm(request.POST or None, request.FILES or None, facilities=facilities,
                      initial={"idempotency_key": uuid.uuid4()})
    refusal = None
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise form_refusal(form)
            data = {**form.cleaned_data}
            received = record_return(request.user, data, data.pop("idempotency_key", None))
        except Refused as refused:
            if wants_json(request):
                return refusal_response(refused)
            show_on_form(form, refused)
            refusal = refused
            if refused.code == "key_reused":  # the key is spent on another return: this one goes as a new entry
                form.data = form.data.copy()
                form.data["idempotency_key"] = str(uuid.uuid4())
        else:
            ret = received.record
            messages.success(request, _("%(record)s recorded.") % {"record": ret} if received.created
                             else _("%(record)s was already recorded.") % {"record": ret})
            return redirect(ret)
    return render(request, "quality/form.html", {
        "form": form, "title": _("Record a customer return"), "multipart": True,
        "hint": None if facilities else NO_LINES_HINT, "refusal": refusal}, status=refusal.status if refusal else 200)


SOURCES = {"ticket": ("sop_ticket", SopTicket), "reject": ("reject", InternalReject),
           "return": ("customer_return", CustomerReturn)}
SOURCE_SCOPES = {InternalReject: visible_rejects, CustomerReturn: visible_returns}


@creates(Ncr)
@capability_required(MANAGE_NCR)
def ncr_create(request):
    """A new NCR, by hand or from a ticket, reject or return (``?ticket=``/``?reject=``/``?return=``)."""
    source_field, source = None, None
    for param, (field, model) in SOURCES.items():
        value = request.GET.get(param, "")
        if value.isdigit():
            scope = SOURCE_SCOPES.get(model)
            source_field, source = field, get_object_or_404(
                scope(request.user) if scope else model.objects.all(), pk=int(value))
            break
    initial = {"owner": request.user, "title": str(source) if source else ""}
    if isinstance(source, SopTicket):
        initial |= {"department": source.charged_department, "description": source.description}
    elif isinstance(source, InternalReject):
        initial |= {"facility": source.line.facility, "description": f"{source.defect}: {source.cause}",
                    "department": source.line.departments.first()}
    elif isinstance(source, CustomerReturn):
        initial |= {"facility": source.facility, "description": source.reason}
    form = NcrForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ncr = open_ncr(request.user, form.cleaned_data, source_field, source)
        messages.success(request, _("%(record)s opened: record the containment action first.") % {"record": ncr})
        return redirect(ncr)
    return render(request, "quality/form.html", {"form": form, "title": _("Open an NCR"), "source": source})


@creates(Capa)
@capability_required(MANAGE_NCR)
def capa_create(request, pk: int):
    ncr = get_object_or_404(Ncr, pk=pk)
    form = CapaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_capa(request.user, ncr, form.cleaned_data)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect(ncr)
        messages.success(request, _("CAPA added."))
        return redirect(ncr)
    return render(request, "quality/form.html", {"form": form, "title": _("Add a CAPA to %(ncr)s") % {"ncr": ncr}})


@capability_required(VIEW)
def reject_photo(request, pk: int):
    """Photos are served only to people who may see the record (never from a public media URL)."""
    return serve_upload(get_object_or_404(visible_rejects(request.user), pk=pk).photo)


@capability_required(VIEW)
def return_photo(request, pk: int):
    photos = ReturnPhoto.objects.filter(customer_return__in=visible_returns(request.user))
    return serve_upload(get_object_or_404(photos, pk=pk).image)



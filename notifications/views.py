"""Pages of the Notifications module: the list, the bell fragment and the read/resolve actions.

Every signed-in user has their own notifications, so the pages are open to all users; what each user may see
or act on is scoped by ``services.visible_to`` (anything else is a 404). Actions answer htmx with the updated
fragment and an ``HX-Trigger`` event so the other part of the page (bell or list) refreshes itself; a plain
form POST is redirected back.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from portal.access import open_to_all_users
from portal.lists.pagination import paginate, pagination_context

from . import services
from .forms import NotificationFilterForm, ResolveForm
from .models import Notification

PAGE_SIZE = 25
# htmx events (HX-Trigger): the bell listens to CHANGED, the list page to ALL_READ.
CHANGED = "notifications-changed"
ALL_READ = "notifications-all-read"


def render_page(request: HttpRequest, template: str, fragment: str, context: dict) -> HttpResponse:
    """The full page, or only its fragment when htmx asks for part of the page (not for boosted links)."""
    partial = request.htmx and not request.htmx.boosted
    return render(request, fragment if partial else template, context)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("notifications:list")


def _row(request: HttpRequest, notification: Notification) -> HttpResponse:
    notification = get_object_or_404(
        services.with_read_state(Notification.objects.select_related("resolved_by"), request.user),
        pk=notification.pk,
    )
    response = render(request, "notifications/partials/row.html", {"n": notification, "next_url": _next_url(request)})
    response["HX-Trigger"] = CHANGED
    return response


@open_to_all_users
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    visible = services.visible_to(request.user)
    kinds = list(visible.order_by("kind").values_list("kind", flat=True).distinct())
    form = NotificationFilterForm(request.GET, kinds=kinds)
    filters = form.filters()
    queryset = services.with_read_state(visible, request.user).select_related("resolved_by")
    if filters["show"] == "unread":
        queryset = queryset.filter(state=Notification.State.OPEN, is_read=False)
    elif filters["show"] == "open":
        queryset = queryset.filter(state=Notification.State.OPEN)
    if filters["kind"]:
        queryset = queryset.filter(kind=filters["kind"])
    page = paginate(request, queryset, PAGE_SIZE)
    context = {"form": form, "filters": filters, "page": page, "next_url": request.get_full_path(),
               **pagination_context(request, page, results_id="notification-list")}
    return render_page(request, "notifications/notification_list.html", "notifications/partials/list.html", context)


@open_to_all_users
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/partials/bell.html")


@open_to_all_users
@require_GET
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification's link marks it read (the bell's and the emails' links go through here)."""
    notification = get_object_or_404(services.visible_to(request.user), pk=pk)
    services.mark_read(request.user, [notification])
    return redirect(notification.url or reverse("notifications:list"))


@open_to_all_users
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(services.visible_to(request.user), pk=pk)
    services.mark_read(request.user, [notification])
    if request.htmx:
        return _row(request, notification)
    return redirect(_next_url(request))


@open_to_all_users
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    if request.htmx:
        response = render(request, "notifications/partials/bell.html")
        response["HX-Trigger"] = ALL_READ
        return response
    messages.success(request, ngettext("%(n)d notification marked read.", "%(n)d notifications marked read.",
                                       count) % {"n": count})
    return redirect(_next_url(request))


@open_to_all_users
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(services.visible_to(request.user), pk=pk)
    # The note comes from the form, or from htmx's hx-prompt dialog.
    form = ResolveForm({"note": request.POST.get("note") or request.headers.get("HX-Prompt", "")})
    if not form.is_valid():
        if request.htmx:
            return HttpResponse(form.errors["note"][0], status=400)
        messages.error(request, form.errors["note"][0])
        return redirect(_next_url(request))
    try:
        services.resolve(notification, request.user, form.cleaned_data["note"])
    except services.NotificationNotOpen as exc:
        # Someone else was faster: show them the row as it is now, not an error.
        if not request.htmx:
            messages.warning(request, str(exc))
    else:
        if not request.htmx:
            messages.success(request, _("Notification resolved."))
    if request.htmx:
        return _row(request, notification)
    return redirect(_next_url(request))

"""Language, theme and UI-mode switches, saved on the user's profile so they follow the user."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import UpdateView

from portal.access import SignedInMixin, open_to_all_users
from portal.models import User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "theme", "ui_mode"]


def _back(request) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return target


@require_POST
@open_to_all_users
def set_preference(request):
    """One POST endpoint for the header switches: ``language``, ``theme`` or ``ui_mode``."""
    form = PreferencesForm(
        data={
            "language": request.POST.get("language", request.user.language),
            "theme": request.POST.get("theme", request.user.theme),
            "ui_mode": request.POST.get("ui_mode", request.user.ui_mode),
        },
        instance=request.user,
    )
    if form.is_valid():
        form.save()
        translation.activate(request.user.language)
    else:
        messages.error(request, _("That preference is not available."))
    response = HttpResponseRedirect(_back(request))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.language, samesite="Lax")
    return response


class ProfileView(SignedInMixin, UpdateView):
    template_name = "portal/profile.html"
    form_class = PreferencesForm
    success_url = "/profile/"

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your preferences were saved."))
        return super().form_valid(form)

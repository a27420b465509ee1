"""The sign-in form: one form for Active Directory and local accounts, with messages a user can act on."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from portal.roles import ad_group_names

from .ldap import DENIAL_ATTR, UNAVAILABLE_ATTR


def canonical_username(typed: str) -> str:
    """Sign-in ignores the case of the user name: ``JSmith`` is ``jsmith``.

    Returns the stored spelling of an existing account, else the lower-cased name (how directory accounts are
    stored). The lockout counts attempts per canonical name, so changing the case does not buy more guesses.
    A Windows-style ``PLANT\\jsmith`` means ``jsmith`` (no portal user name may contain a backslash).
    """
    typed = typed.strip().rsplit("\\", 1)[-1]
    matches = list(
        get_user_model().objects.filter(username__iexact=typed).values_list("username", flat=True)[:2]
    )
    return matches[0] if len(matches) == 1 else typed.lower()


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,  # validated before authenticate(): axes and the history store the name
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": "form-control form-control-lg",
            }
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control form-control-lg"}),
    )

    error_messages = {
        "invalid_login": _("The user name or password is not correct. Passwords are case-sensitive."),
        "inactive": _("This account is disabled. Ask a portal administrator to enable it."),
        "no_portal_group": format_lazy(
            _(
                "Your account is valid but is not a member of any Plant Portal group: "
                "ask IT to add you to one of {groups}."
            ),
            groups=lazy(lambda: ", ".join(ad_group_names().values()), str)(),  # the names as configured now
        ),
        "directory_unavailable": _(
            "The company directory (Active Directory) cannot be reached right now, so directory accounts cannot "
            "sign in. Try again in a few minutes; if it persists, contact IT."
        ),
        "locked_out": _("Too many failed sign-in attempts. Wait a few minutes before trying again."),
    }

    refusal_code = ""  # why the last attempt was refused (the page styles the message by it)

    @sensitive_variables("password")
    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            username = canonical_username(username)
            self.cleaned_data["username"] = username
            # authenticate() gets the request: django-axes needs it to count failures and lock out.
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                raise self._refusal()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def _refusal(self) -> ValidationError:
        request = self.request
        if getattr(request, "axes_locked_out", False):
            code = "locked_out"
        elif getattr(request, DENIAL_ATTR, None):
            code = "no_portal_group"
        elif getattr(request, UNAVAILABLE_ATTR, False):
            code = "directory_unavailable"
        else:
            code = "invalid_login"
        self.refusal_code = code
        return ValidationError(self.error_messages[code], code=code)

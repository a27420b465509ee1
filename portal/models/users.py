from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A portal user (Active Directory or local) with their preferences and departments."""

    class Theme(models.TextChoices):
        LIGHT = "light", _("Light")
        DARK = "dark", _("Dark")

    class UiMode(models.TextChoices):
        DESKTOP = "desktop", _("Desktop")
        PHONE = "phone", _("Phone / tablet")

    # Empty until the first sign-in, which takes the browser's language (portal/auth/views.py); then the user's.
    language = models.CharField(
        _("language"), max_length=8, choices=[("en", _("English")), ("es", _("Spanish"))], default="", blank=True
    )
    theme = models.CharField(_("theme"), max_length=8, choices=Theme.choices, default=Theme.LIGHT)
    ui_mode = models.CharField(_("UI mode"), max_length=8, choices=UiMode.choices, default=UiMode.DESKTOP)
    departments = models.ManyToManyField(
        "portal.Department", blank=True, related_name="users", verbose_name=_("departments"),
        help_text=_("Limits the lines this user sees on floor pages; none means all lines."),
    )
    is_ldap = models.BooleanField(
        _("directory account"), default=False, editable=False,
        help_text=_("Signed in through Active Directory; groups follow the directory."),
    )
    # Single-session enforcement (portal/auth/sessions.py): the session of the latest sign-in; a newer sign-in
    # ends the session named here.
    session_key = models.CharField(_("current session"), max_length=40, blank=True, default="", editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username


class LoginEvent(models.Model):
    """One sign-in attempt: the login history admins review (and export as CSV)."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILED = "failed", _("Failed")
        DENIED = "denied", _("Denied (no portal group)")
        LOCKED = "locked", _("Locked out")
        LOGOUT = "logout", _("Logged out")
        ENDED = "ended", _("Ended by a newer login")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    username = models.CharField(_("username"), max_length=150, db_index=True)
    user = models.ForeignKey(
        "portal.User", models.SET_NULL, null=True, blank=True, related_name="login_events", verbose_name=_("user")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=400, blank=True)
    backend = models.CharField(_("backend"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("login event")
        verbose_name_plural = _("login history")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.outcome}"

    @property
    def success(self) -> bool:
        return self.outcome == self.Outcome.SUCCESS

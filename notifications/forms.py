from django import forms
from django.utils.translation import gettext_lazy as _


class NotificationFilterForm(forms.Form):
    """Filters of the list page; an invalid value falls back to the default instead of an error."""

    SHOW_CHOICES = [("open", _("Open")), ("unread", _("Unread")), ("all", _("All"))]

    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, kinds: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        from .kinds import kind_label

        self.fields["kind"].choices = [("", _("All kinds")), *[(k, kind_label(k)) for k in kinds]]

    def filters(self) -> dict[str, str]:
        self.is_valid()  # invalid fields are left out of cleaned_data
        return {"show": self.cleaned_data.get("show") or "open", "kind": self.cleaned_data.get("kind") or ""}


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, strip=True)

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class IssueForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the certificate"), choices=settings.LANGUAGES)
    signer_title = forms.CharField(
        label=_("Your title"), max_length=100,
        help_text=_("Printed under your name in the signature block, e.g. Quality Manager."),
    )

    def clean_signer_title(self) -> str:
        value = self.cleaned_data["signer_title"].strip()
        if not value:
            raise forms.ValidationError(_("Enter your title."))
        return value

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class IssueForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the certificate"), choices=settings.LANGUAGES)
    signer_title = forms.CharField(
        label=_("Your title"), max_length=100,
        help_text=_("Printed under your name in the signature block, e.g. Quality Manager."),
    )
    confirm_interim = forms.BooleanField(
        label=_("Issue it as an INTERIM certificate"), required=False,
        help_text=_("The job is still open: its figures may change. The final certificate is issued after the job "
                    "closes."),
    )

    def __init__(self, *args, job=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        if job is None or not job.is_open:
            del self.fields["confirm_interim"]

    def clean_signer_title(self) -> str:
        value = self.cleaned_data["signer_title"].strip()
        if not value:
            raise forms.ValidationError(_("Enter your title."))
        return value

    def clean_confirm_interim(self) -> bool:
        if not self.cleaned_data.get("confirm_interim"):
            raise forms.ValidationError(
                _("Job %(job)s is still open (%(made)s of %(required)s made): tick the box to issue an interim "
                  "certificate, or issue the final one after the job closes.")
                % {"job": self.job.job_number, "made": f"{self.job.quantity_completed:,.0f}",
                   "required": f"{self.job.quantity_required:,.0f}"})
        return True

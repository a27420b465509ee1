from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.reports import Report
from portal.roles import VIEW_REPORTS


class CocConfig(AppConfig):
    name = "quality.coc"
    label = "coc"  # tables, migrations and permission codenames keep the label they were created with
    verbose_name = _("Certificates of compliance")
    reports = (
        Report("coc", _("Certificate of Compliance"), "coc:search", "patch-check", VIEW_REPORTS, area=_("Quality"),
               description=_("Any ERP job, open or closed: lots from issue to packaged quantity, yield, PDF.")),
    )
    audited = (
        {"model": "coc.compliancestatement"},
        # The PDF itself is kept unchanged on the row; the log records who issued what, not the bytes.
        {"model": "coc.certificate", "exclude_fields": ["pdf"]},
    )

from django.db import models
from django.utils.translation import gettext_lazy as _


class Capability(models.Model):
    """Holder of the portal-wide capabilities of the permission matrix (no table).

    Each capability is an ordinary Django permission, so groups (roles) and per-user overrides use the
    standard machinery; ``portal/roles.py`` maps AD groups to them.
    """

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("capability")
        permissions = [
            ("access_admin_panel", _("Open the admin panel")),
            ("manage_permissions", _("Manage per-user permission overrides")),
            ("report_downtime", _("Report downtime")),
            ("view_reports", _("View reports")),
            ("view_scheduling", _("View scheduling")),
            ("update_scheduling", _("Update scheduling")),
            ("view_bom", _("Use the BOM viewer")),
            ("view_po", _("Use the PO viewer")),
            ("use_mrp", _("Use MRP")),
            ("view_shortage_report", _("Read the purchasing shortage report")),
            ("view_customer_analysis", _("Use customer analysis")),
            ("view_metrics", _("Read the Prometheus metrics")),
            # Plant-wide roles (admins, technicians, inspectors) work on every line of their facilities; anyone
            # else only on the lines of their departments (portal/services/scoping.py).
            ("work_all_lines", _("Work on every line of the plant")),
            # Seed 002's admin function: production admins put people in departments (which decides the lines
            # they see) without the portal admins' rights over users and access.
            ("assign_departments", _("Assign users to departments")),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

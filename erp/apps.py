from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.demo import PLANT_ORDER, DemoStep
from portal.labels.kinds import LabelKind, LabelSource
from portal.modules import Module
from portal.reports import Report
from portal.roles import CUSTOMER_ANALYSIS, VIEW_BOM, VIEW_PO, VIEW_REPORTS


class ErpConfig(AppConfig):
    name = "erp"
    demo_steps = (DemoStep("plant", "erp.demo.portal_plant.build_plant", order=PLANT_ORDER),)
    verbose_name = _("ERP viewers")
    modules = (
        Module("bom", _("BOMs"), "erp:bom-list", "diagram-3", VIEW_BOM,
               _("Active bills of materials, costs, exploded view and where-used."), order=40),
        Module("po", _("Open POs"), "erp:po-list", "truck", VIEW_PO,
               _("Open purchase-order lines with late ones marked."), order=41),
        Module("sales", _("Customer analysis"), "erp:customer-analysis", "graph-up", CUSTOMER_ANALYSIS,
               _("Sales, open orders and trends per customer."), order=43),
    )
    label_kinds = (LabelKind("job", _("ERP jobs"), "erp.labels.find_jobs", order=20),
                   LabelKind("lot", _("Lots"), "erp.labels.find_lots", order=40))
    label_sources = (LabelSource("erp-jobs", "job", VIEW_REPORTS, "erp.labels.open_job_codes"),)
    # Seed 000 moved the live open jobs into the reports hub.
    reports = (
        Report("open-jobs", _("Live open jobs"), "erp:job-list", "gear", VIEW_REPORTS, area=_("Production"),
               description=_("Open jobs from the ERP with material transactions and yield loss.")),
    )

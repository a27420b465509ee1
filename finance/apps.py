from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.admin_cards import AdminCard
from portal.modules import Module
from portal.periodic import PeriodicTaskSpec
from portal.reports import Report
from portal.roles import VIEW_COSTING


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")
    modules = (
        Module("finance", _("Costs and margins"), "finance:costs", "currency-dollar", VIEW_COSTING,
               _("Material cost roll-ups through every BOM level, margins and what-if scenarios."), order=60),
    )
    reports = (
        Report("finance-availability", _("Material availability"), "finance:availability", "boxes", VIEW_COSTING,
               area=_("Finance"), description=_("Can a quantity of a product be built? Its BOM exploded and netted "
                                                 "against stock and open POs, as the MRP does; what is short and "
                                                 "when POs arrive.")),
        Report("finance-local-bom-import", _("Import local BOMs"), "finance:local-bom-import", "upload",
               "finance.add_localbom", area=_("Finance"),
               description=_("Products not yet in the ERP, one row per BOM line from Excel; costed like the ERP's "
                             "and marked local.")),
        Report("finance-scenarios", _("What-if scenarios"), "finance:scenarios", "sliders", VIEW_COSTING,
               area=_("Finance"), description=_("Cost overrides per part or business unit, made and edited on the "
                                                 "page and compared with the standard cost product by product.")),
        Report("finance-costs", _("Product costs and margins"), "finance:costs", "currency-dollar", VIEW_COSTING,
               area=_("Finance"), description=_("Rolled-up material cost per product against its list price, "
                                                 "standard or a what-if scenario, lowest margins first.")),
    )
    admin_cards = (
        AdminCard("scenarios", _("What-if cost scenarios"), "currency-dollar", model="finance.scenario", order=70,
                  description=_("Local cost overrides per part or business unit; the ERP is never changed. "
                                "Finance edits them on the What-if scenarios page.")),
    )
    audited = (
        {"model": "finance.scenario"},
        {"model": "finance.scenariopartcost"},
        {"model": "finance.scenariounitchange"},
        {"model": "finance.localbom"},
        {"model": "finance.localbomline"},
    )
    periodic_tasks = (
        PeriodicTaskSpec("Finance cost roll-up", "finance.tasks.nightly_costs", crontab="0 2 * * *",
                         description=_("Recomputes the standard cost roll-up and every active scenario's at night, "
                                       "so the cost lists follow the ERP's costs and BOMs.")),
    )
    audit_exempt = {
        "finance.costrun": "the log of cost roll-up runs (who started one, progress, error), not entered data",
        "finance.productcost": "computed cost roll-ups (engine output), rebuilt by every refresh, not entered data",
    }

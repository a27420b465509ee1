"""Customer sales analysis pages: pick a customer, see its KPIs, trend, top products, shipments and open orders.

The main page is the customer's open-order list (``PortalListView``: filters, sorting, pagination, Excel export
of exactly that customer's filtered lines) with the analysis above it. The chosen customer is in the URL
(``?customer=CODE``) so the page can be shared; every figure comes from ``erp.services.sales``.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from erp.models import Customer, SalesOrderLine, Shipment
from erp.services import sales as services
from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.filters import DateRangeFilter, PortalFilterSet, YesNoFilter
from portal.lists.views import PortalListView
from portal.roles import CUSTOMER_ANALYSIS

RECENT_SHIPMENTS = 10
TOP_PRODUCTS = 10
PICKER_OPTIONS = 20
LATEST_MAX = 1000
NOWRAP = "text-nowrap"  # codes read as one token


# --- filtersets -----------------------------------------------------------------------------------------------
class OpenOrderFilter(PortalFilterSet):
    search_fields = ("sales_order__so_number", "sales_order__customer_po", "part__part_number", "part__description")
    due = DateRangeFilter(field_name="due_date", label=_("Due date"))
    late = YesNoFilter(field_name="is_late", label=_("Late"))

    class Meta:
        model = SalesOrderLine
        fields: list[str] = []


class ShipmentFilter(PortalFilterSet):
    search_fields = ("shipment_number", "sales_order__so_number", "part__part_number", "part__description")
    shipped = DateRangeFilter(field_name="ship_date", label=_("Ship date"))
    latest = django_filters.NumberFilter(
        method="filter_latest", label=_("Only the latest"), min_value=1, max_value=LATEST_MAX,
        help_text=_("Keep only this many most recent shipment lines."),
    )

    class Meta:
        model = Shipment
        fields: list[str] = []

    def filter_latest(self, queryset, name, value):
        # The N most recent of the rows the other filters kept (a bounded subquery, not a Python slice).
        recent = queryset.order_by("-ship_date", "-id").values("pk")[: int(value)]
        return queryset.filter(pk__in=recent)


# --- columns --------------------------------------------------------------------------------------------------
OPEN_ORDER_COLUMNS = (
    Column("sales_order_id", _("Sales order"), sort="sales_order_id", width=12, css=NOWRAP),
    Column("line_number", _("Line"), kind="int", sort="line_number", width=6),
    Column("sales_order.customer_po", _("Customer PO"), sort="sales_order__customer_po", width=16, css=NOWRAP),
    Column("part_id", _("Part"), sort="part_id", width=16, css=NOWRAP),
    Column("part.description", _("Description"), sort="part__description", width=36),
    Column("quantity_ordered", _("Ordered"), kind="decimal", sort="quantity_ordered"),
    Column("quantity_shipped", _("Shipped"), kind="decimal", sort="quantity_shipped"),
    Column("open_qty", _("Open"), kind="decimal", sort="open_qty"),
    Column("part.uom", _("UoM"), width=6, css=NOWRAP),
    Column("due_date", _("Due"), kind="date", sort="due_date"),
    Column("unit_price", _("Unit price"), kind="money", sort="unit_price"),
    Column("open_value", _("Open value"), kind="money", sort="open_value"),
    Column("is_late", _("Late"), kind="bool", sort="is_late"),
)

SHIPMENT_COLUMNS = (
    Column("ship_date", _("Ship date"), kind="date", sort="ship_date"),
    Column("shipment_number", _("Shipment"), sort="shipment_number", width=12, css=NOWRAP),
    Column("sales_order_id", _("Sales order"), sort="sales_order_id", width=12, css=NOWRAP),
    Column("part_id", _("Part"), sort="part_id", width=16, css=NOWRAP),
    Column("part.description", _("Description"), sort="part__description", width=36),
    Column("quantity", _("Quantity"), kind="decimal", sort="quantity"),
    Column("part.uom", _("UoM"), width=6, css=NOWRAP),
    Column("unit_price", _("Unit price"), kind="money", sort="unit_price"),
    Column("value", _("Value"), kind="money", sort="value"),
    Column("facility", _("Facility"), sort="facility", width=8, css=NOWRAP),
)


# --- helpers --------------------------------------------------------------------------------------------------
def analysis_url(code: str, **params) -> str:
    return f"{reverse('erp:customer-analysis')}?{urlencode({'customer': code, **params})}"


def _choose_customer(request, code: str, find: str = ""):
    """The picker page: empty, or with the matches of ``find``, or explaining that ``code`` is unknown.

    An unknown code is a message on a normal page (status 200), never an error page: it usually comes from an
    old bookmark or a typo in a shared link.
    """
    query = find or code
    matches = list(services.search_customers(query)[: PICKER_OPTIONS + 1]) if query.strip() else []
    if find and len(matches) == 1:
        return redirect(analysis_url(matches[0].customer_code))
    return render(request, "erp/sales/choose_customer.html", {
        "unknown_code": code,
        "find": query,
        "matches": matches[:PICKER_OPTIONS],
        "more_matches": len(matches) > PICKER_OPTIONS,
        "top_customers": [] if query.strip() else services.top_customers(),
    })


class _CustomerListView(PortalListView):
    """A list of one customer's rows; the customer comes from ``?customer=`` (also in background exports)."""

    kept_params = ("customer",)
    permission_required = CUSTOMER_ANALYSIS
    tiebreak = "id"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.today = timezone.localdate()
        self.customer_code = (request.GET.get("customer") or "").strip()

    def get(self, request, *args, **kwargs):
        self.customer = services.find_customer(self.customer_code)
        if self.customer is None:
            return _choose_customer(request, self.customer_code, (request.GET.get("find") or "").strip())
        return super().get(request, *args, **kwargs)

    def export(self, queryset, columns):
        self.title = self.export_title % {"code": self.customer_code}  # sheet and background job title
        return super().export(queryset, columns)

    def export_filename(self) -> str:
        stem = slugify(f"{self.export_name}-{self.customer_code}") or self.export_name
        return f"{stem}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


# --- pages ----------------------------------------------------------------------------------------------------
class CustomerAnalysisView(_CustomerListView):
    title = _("Customer sales analysis")
    export_title = _("Open orders %(code)s")
    export_name = "open-orders"
    template_name = "erp/sales/customer_analysis.html"
    filterset_class = OpenOrderFilter
    default_sort = "due_date"
    columns = OPEN_ORDER_COLUMNS

    def get_queryset(self) -> QuerySet[SalesOrderLine]:
        return services.open_orders(self.customer_code, self.today)

    def row_css(self, row) -> str:
        return "table-danger" if row.is_late else ""

    def get_extra_context(self) -> dict:
        context = {"customer": self.customer, "analysis_url": analysis_url(self.customer_code)}
        if getattr(self.request, "htmx", False):
            return context  # a sort/filter/page refresh of the open-orders table only
        code, today = self.customer_code, self.today
        monthly = services.monthly_sales(code, today)
        top = services.top_products(code, TOP_PRODUCTS)
        trend = _trend_chart(monthly)
        return {
            **context,
            "kpis": services.customer_kpis(code, today),
            "monthly": monthly,
            "top_products": top,
            "recent_shipments": list(services.recent_shipments(code, RECENT_SHIPMENTS)),
            "recent_limit": RECENT_SHIPMENTS,
            "trend_chart": trend,
            "monthly_rows": list(zip(trend["labels"], monthly.months, strict=True)),
            "top_chart": {
                "labels": [p.part_number for p in top],
                "descriptions": [p.description for p in top],
                "values": [float(p.open_value) for p in top],
                "label": gettext("Open order value"),
            },
            "today": today,
        }


def _trend_chart(monthly: services.MonthlySales) -> dict:
    """Chart.js data: localised month names, this year (gaps for months to come) against last year."""
    return {
        "labels": [dateformat.format(dt.date(monthly.year, m.month, 1), "M") for m in monthly.months],
        "this_year": [None if m.future else float(m.this_year) for m in monthly.months],
        "last_year": [float(m.last_year) for m in monthly.months],
        "this_year_label": str(monthly.year),
        "last_year_label": str(monthly.year - 1),
    }


class CustomerShipmentsView(_CustomerListView):
    title = _("Shipments")
    export_title = _("Shipments %(code)s")
    export_name = "shipments"
    template_name = "erp/sales/shipments.html"
    filterset_class = ShipmentFilter
    default_sort = "-ship_date"
    columns = SHIPMENT_COLUMNS

    def get_queryset(self) -> QuerySet[Shipment]:
        return services.customer_shipments(self.customer_code)

    def get_extra_context(self) -> dict:
        return {"customer": self.customer, "analysis_url": analysis_url(self.customer_code)}


@capability_required(CUSTOMER_ANALYSIS)
def customer_options(request):
    """Type-ahead rows of the customer picker (htmx): customers whose code or name matches ``q``."""
    query = (request.GET.get("q") or request.GET.get("find") or "").strip()
    matches: list[Customer] = list(services.search_customers(query)[: PICKER_OPTIONS + 1]) if query else []
    return render(request, "erp/sales/partials/customer_options.html", {
        "find": query,
        "matches": matches[:PICKER_OPTIONS],
        "more_matches": len(matches) > PICKER_OPTIONS,
    })

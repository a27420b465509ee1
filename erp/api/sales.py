"""REST endpoints of the customer sales analysis: customer search, summary, open order lines, shipments.

Same permission as the page (``portal.view_customer_analysis``); same figures, from ``erp.services.sales``.
An unknown customer code is a 404 with a message.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from erp.models import Customer, SalesOrderLine, Shipment
from erp.services import sales as services
from erp.views.sales import TOP_PRODUCTS, OpenOrderFilter, ShipmentFilter
from portal.roles import CUSTOMER_ANALYSIS

MONEY = {"max_digits": 18, "decimal_places": 2}
QUANTITY = {"max_digits": 18, "decimal_places": 4}
CODE_PARAMETER = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="Customer code (erp_customer.customer_code)."
)


# --- serializers ----------------------------------------------------------------------------------------------
class CustomerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ["customer_code", "name", "city", "region", "country", "active"]
        read_only_fields = fields


class KpisSerializer(serializers.Serializer):
    ytd_sales = serializers.DecimalField(**MONEY, help_text="Shipped value from 1 January to today.")
    prior_ytd_sales = serializers.DecimalField(**MONEY, help_text="Shipped value in the same period last year.")
    ytd_change_percent = serializers.DecimalField(
        max_digits=12, decimal_places=1, allow_null=True,
        help_text="YTD sales against the same period last year, in percent; null when last year had none.",
    )
    open_order_value = serializers.DecimalField(**MONEY, help_text="Σ (ordered − shipped) × unit price, open lines.")
    open_order_count = serializers.IntegerField(help_text="Sales orders with at least one open line.")
    open_line_count = serializers.IntegerField()
    late_line_count = serializers.IntegerField(help_text="Open lines due before today.")
    average_open_order_value = serializers.DecimalField(
        **MONEY, help_text="Open order value ÷ open order count (0 without open orders)."
    )


class MonthSerializer(serializers.Serializer):
    month = serializers.IntegerField(min_value=1, max_value=12)
    this_year = serializers.DecimalField(**MONEY)
    last_year = serializers.DecimalField(**MONEY)
    future = serializers.BooleanField(help_text="A month of this year that has not started yet.")


class MonthlySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    months = MonthSerializer(many=True)


class TopProductSerializer(serializers.Serializer):
    part_number = serializers.CharField()
    description = serializers.CharField()
    uom = serializers.CharField()
    open_quantity = serializers.DecimalField(**QUANTITY)
    open_value = serializers.DecimalField(**MONEY)
    open_lines = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    customer = CustomerSerializer()
    as_of = serializers.DateField(help_text="The plant-local date the figures are computed for.")
    kpis = KpisSerializer()
    monthly = MonthlySerializer()
    top_products = TopProductSerializer(many=True)


class OpenOrderLineSerializer(serializers.ModelSerializer):
    customer_po = serializers.CharField(source="sales_order.customer_po", allow_null=True)
    description = serializers.CharField(source="part.description")
    uom = serializers.CharField(source="part.uom")
    open_quantity = serializers.DecimalField(source="open_qty", **QUANTITY)
    open_value = serializers.DecimalField(**MONEY, help_text="(ordered − shipped) × unit price.")
    is_late = serializers.BooleanField(help_text="Due before today.")

    class Meta:
        model = SalesOrderLine
        fields = ["id", "sales_order", "line_number", "customer_po", "part", "description", "uom",
                  "quantity_ordered", "quantity_shipped", "open_quantity", "due_date", "unit_price", "open_value",
                  "is_late", "order_type", "facility"]
        read_only_fields = fields


class ShipmentSerializer(serializers.ModelSerializer):
    description = serializers.CharField(source="part.description")
    uom = serializers.CharField(source="part.uom")

    class Meta:
        model = Shipment
        fields = ["id", "shipment_number", "ship_date", "sales_order", "sales_order_line", "part", "description",
                  "uom", "quantity", "unit_price", "value", "facility"]
        read_only_fields = fields


# --- views ----------------------------------------------------------------------------------------------------
def _customer(code: str) -> Customer:
    customer = services.find_customer(code)
    if customer is None:
        raise NotFound(_("No customer has the code “%(code)s”.") % {"code": code})
    return customer


class CustomerSearchView(generics.ListAPIView):
    """Customers whose code or name contains every word of ``q`` (exact code first); all customers without ``q``."""

    required_permission = CUSTOMER_ANALYSIS
    serializer_class = CustomerSerializer
    filter_backends: list = []

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Words to find in the code or the name.")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return services.search_customers(self.request.query_params.get("q", ""))


class CustomerSummaryView(APIView):
    """KPIs, the monthly sales of this year and last year, and the top products by open order value."""

    required_permission = CUSTOMER_ANALYSIS

    @extend_schema(parameters=[CODE_PARAMETER], responses=SummarySerializer)
    def get(self, request, code: str):
        customer = _customer(code)
        today = timezone.localdate()
        data = {
            "customer": customer,
            "as_of": today,
            "kpis": services.customer_kpis(customer.customer_code, today),
            "monthly": services.monthly_sales(customer.customer_code, today),
            "top_products": services.top_products(customer.customer_code, TOP_PRODUCTS),
        }
        return Response(SummarySerializer(data).data)


class _CustomerRowsView(generics.ListAPIView):
    required_permission = CUSTOMER_ANALYSIS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no customer
            return self.serializer_class.Meta.model.objects.none()
        return self.rows(_customer(self.kwargs["code"]).customer_code)


@extend_schema(parameters=[CODE_PARAMETER])
class CustomerOpenOrdersView(_CustomerRowsView):
    """The customer's open order lines, earliest due first (filters as on the page)."""

    serializer_class = OpenOrderLineSerializer
    filterset_class = OpenOrderFilter

    def rows(self, code: str):
        return services.open_orders(code, timezone.localdate()).order_by("due_date", "sales_order_id", "line_number",
                                                                          "id")


@extend_schema(parameters=[CODE_PARAMETER])
class CustomerShipmentsView(_CustomerRowsView):
    """The customer's shipment lines, most recent first."""

    serializer_class = ShipmentSerializer
    filterset_class = ShipmentFilter

    def rows(self, code: str):
        return services.customer_shipments(code)

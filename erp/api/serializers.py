from rest_framework import serializers

from erp.models import BomHeader, BomLine, Job, PurchaseOrderLine


class BomLineSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="bom.parent_id")
    revision = serializers.CharField(source="bom.revision")
    component = serializers.CharField(source="component_id")
    component_description = serializers.CharField(source="component.description")
    uom = serializers.CharField(source="component.uom")
    unit_cost = serializers.DecimalField(source="component.unit_cost", max_digits=18, decimal_places=6)
    extended_cost = serializers.DecimalField(max_digits=20, decimal_places=6)

    class Meta:
        model = BomLine
        fields = ["id", "bom", "parent", "revision", "sequence", "component", "component_description",
                  "quantity_per", "scrap_percent", "uom", "unit_cost", "extended_cost"]


class BomHeaderSerializer(serializers.ModelSerializer):
    parent_description = serializers.CharField(source="parent.description")

    class Meta:
        model = BomHeader
        fields = ["id", "parent", "parent_description", "revision", "active", "effective_date"]


class ExplodedRowSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    component = serializers.CharField(source="component.part_number")
    description = serializers.CharField(source="component.description")
    uom = serializers.CharField(source="component.uom")
    quantity_per = serializers.DecimalField(max_digits=18, decimal_places=6)
    scrap_percent = serializers.DecimalField(max_digits=7, decimal_places=3)
    total_quantity = serializers.DecimalField(max_digits=24, decimal_places=6)
    extended_cost = serializers.DecimalField(max_digits=24, decimal_places=6)
    has_bom = serializers.BooleanField()
    cycle = serializers.BooleanField()


class OpenPoLineSerializer(serializers.ModelSerializer):
    po_number = serializers.CharField(source="purchase_order_id")
    vendor_name = serializers.CharField(source="vendor.name")
    description = serializers.CharField(source="part.description")
    uom = serializers.CharField(source="part.uom")
    open_quantity = serializers.DecimalField(source="open_qty", max_digits=18, decimal_places=6)
    open_value = serializers.DecimalField(max_digits=20, decimal_places=6)
    late = serializers.SerializerMethodField()

    class Meta:
        model = PurchaseOrderLine
        fields = ["id", "po_number", "line_number", "vendor", "vendor_name", "part", "description", "uom",
                  "quantity_ordered", "quantity_received", "open_quantity", "unit_cost", "open_value", "due_date",
                  "late"]

    def get_late(self, line) -> bool:
        return line.due_date < self.context["today"]


class OpenJobSerializer(serializers.ModelSerializer):
    description = serializers.CharField(source="part.description")
    customer = serializers.CharField(source="sales_order.customer_id", allow_null=True, default=None)
    customer_name = serializers.CharField(source="sales_order.customer.name", allow_null=True, default=None)

    class Meta:
        model = Job
        fields = ["job_number", "part", "description", "customer", "customer_name", "sales_order",
                  "sales_order_line", "quantity_required", "quantity_completed", "status", "facility", "line_code",
                  "due_date"]


class ComponentYieldSerializer(serializers.Serializer):
    component = serializers.CharField(source="component.part_number")
    description = serializers.CharField(source="component.description")
    uom = serializers.CharField(source="component.uom")
    issued = serializers.DecimalField(max_digits=18, decimal_places=6)
    deissued = serializers.DecimalField(max_digits=18, decimal_places=6)
    relieved = serializers.DecimalField(max_digits=18, decimal_places=6)
    scrapped = serializers.DecimalField(max_digits=18, decimal_places=6)
    net_issued = serializers.DecimalField(max_digits=18, decimal_places=6)
    loss_quantity = serializers.DecimalField(max_digits=18, decimal_places=6)
    yield_cost = serializers.DecimalField(max_digits=20, decimal_places=6)
    loss_percent = serializers.DecimalField(max_digits=9, decimal_places=3)


class JobYieldSerializer(serializers.Serializer):
    job_number = serializers.CharField()
    yield_cost = serializers.DecimalField(max_digits=20, decimal_places=6)
    loss_percent = serializers.DecimalField(max_digits=9, decimal_places=3)
    components = ComponentYieldSerializer(many=True)

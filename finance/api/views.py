"""REST endpoints of Finance: stored roll-ups, one product's cost structure, scenarios, material availability."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from erp.models import Part
from finance.engine.costing import BomCycleError, MissingCostError, margin
from finance.filters import ProductCostFilter
from finance.models import LocalBom, ProductCost, Scenario
from finance.services import costing
from finance.services.availability import UnknownProduct, material_availability
from portal.roles import VIEW_COSTING

from . import serializers


class ProductCostListView(generics.ListAPIView):
    """Stored roll-ups, lowest margin first: the standard one, or a scenario's with ``scenario``; filters as the
    page (q, business_unit, margin_under, local)."""

    required_permission = VIEW_COSTING
    serializer_class = serializers.ProductCostSerializer
    filterset_class = ProductCostFilter

    def get_queryset(self):
        rows = ProductCost.objects.order_by("margin_percent", "part_number")
        return rows if self.request.query_params.get("scenario") else rows.filter(scenario__isnull=True)


class ProductStructureView(APIView):
    """One product's material cost rolled up now (standard, or ``scenario``), every exploded BOM line."""

    required_permission = VIEW_COSTING

    @extend_schema(parameters=[OpenApiParameter("scenario", int, required=False)],
                   responses=serializers.StructureSerializer)
    def get(self, request, part_number: str):
        if not (Part.objects.filter(pk=part_number).exists()
                or LocalBom.objects.filter(part_number=part_number, active=True).exists()):
            raise NotFound("No such part or local BOM.")
        scenario = None
        raw = request.query_params.get("scenario", "")
        if raw:
            scenario = Scenario.objects.filter(pk=raw).first() if raw.isdigit() else None
            if scenario is None:
                raise ValidationError({"scenario": ["No such scenario."]})
        try:
            structure, data = costing.structure(part_number, scenario)
        except (BomCycleError, MissingCostError) as error:
            raise ValidationError({"detail": str(error)}) from error
        info = data.parts.get(part_number)
        price = info.unit_price if info else None
        amount, percent = margin(price, structure.unit_cost)
        lines = [{**{k: getattr(line, k) for k in ("level", "component", "quantity_per", "scrap_percent",
                                                   "quantity", "unit_cost", "made")},
                  "path": list(line.path), "extended_cost": line.extended_cost} for line in structure.lines]
        body = {"part_number": part_number, "local": bool(info and info.local),
                "scenario": scenario.pk if scenario else None, "unit_cost": structure.unit_cost,
                "list_price": price, "margin": amount, "margin_percent": percent, "lines": lines}
        return Response(serializers.StructureSerializer(body).data)


class ScenarioListView(generics.ListAPIView):
    """What-if scenarios with their per-part costs and business-unit percentages (edited in the admin)."""

    required_permission = VIEW_COSTING
    serializer_class = serializers.ScenarioSerializer
    queryset = Scenario.objects.prefetch_related("part_costs", "unit_changes").order_by("name")


class AvailabilityView(APIView):
    """Material availability of ``quantity`` units of ``product`` (an ERP BOM or a local one), netted as the MRP
    does; short parts and the POs each line waits for."""

    required_permission = VIEW_COSTING

    @extend_schema(parameters=[serializers.AvailabilityQuerySerializer],
                   responses=serializers.AvailabilitySerializer)
    def get(self, request):
        query = serializers.AvailabilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        product, quantity = query.validated_data["product"], query.validated_data["quantity"]
        try:
            result, _descriptions = material_availability(product, quantity)
        except UnknownProduct as error:
            raise ValidationError({"product": ["No active ERP BOM or local BOM for this product."]}) from error
        except BomCycleError as error:
            raise ValidationError({"detail": str(error)}) from error
        lines = []
        for line in result.lines:
            row = {k: getattr(line, k) for k in ("level", "part", "made", "required", "supply_before",
                                                 "from_approved", "from_pending_qc", "from_po", "to_build",
                                                 "shortfall", "ready_on")}
            row["path"] = list(line.path)
            row["receipts"] = [asdict(r) for r in line.receipts]
            lines.append(row)
        body = {"product": result.product, "quantity": result.quantity, "buildable_now": result.buildable_now,
                "ready_on": result.ready_on, "short_parts": [line.part for line in result.shortages],
                "lines": lines}
        return Response(serializers.AvailabilitySerializer(body).data)

"""The portal never writes the ERP: every ORM write path refuses, with or without the router, and migrate
leaves the ERP alone."""

import datetime as dt
from decimal import Decimal

import pytest
from asgiref.sync import async_to_sync
from django.core.management import call_command
from django.db import connections, router

from erp.models import ERP_MODELS, Customer, Part, SalesOrder, SalesOrderLine
from erp.router import ErpRouter, ErpWriteRefused
from portal.models import Facility, User

ERP = pytest.mark.django_db(databases=["default", "erp"])


def _first_part():
    return Part.objects.order_by("pk").first()


WRITES = {
    "instance.save": lambda part: part.save(),
    "instance.save(using=erp)": lambda part: part.save(using="erp"),
    "instance.save_base": lambda part: part.save_base(using="erp"),
    "instance.delete": lambda part: part.delete(),
    "objects.create": lambda part: Part.objects.create(part_number="NEW-1", description="x", part_type="FG"),
    "using(erp).create": lambda part: Part.objects.using("erp").create(part_number="NEW-1", description="x"),
    "objects.get_or_create": lambda part: Part.objects.get_or_create(part_number="NEW-1"),
    "using(erp).get_or_create": lambda part: Part.objects.using("erp").get_or_create(part_number=part.pk),
    "objects.update_or_create": lambda part: Part.objects.update_or_create(
        part_number=part.pk, defaults={"description": "changed"}
    ),
    "using(erp).update_or_create": lambda part: Part.objects.using("erp").update_or_create(
        part_number=part.pk, defaults={"description": "changed"}
    ),
    "objects.bulk_create": lambda part: Part.objects.bulk_create([Part(part_number="NEW-1", description="x")]),
    "using(erp).bulk_create": lambda part: Part.objects.using("erp").bulk_create(
        [Part(part_number="NEW-1", description="x")]
    ),
    "objects.bulk_update": lambda part: Part.objects.bulk_update([part], ["description"]),
    "using(erp).bulk_update": lambda part: Part.objects.using("erp").bulk_update([part], ["description"]),
    "filter().update": lambda part: Part.objects.filter(pk=part.pk).update(description="changed"),
    "using(erp).update": lambda part: Part.objects.using("erp").filter(pk=part.pk).update(description="changed"),
    "filter().delete": lambda part: Part.objects.filter(pk=part.pk).delete(),
    "using(erp).delete": lambda part: Part.objects.using("erp").all().delete(),
    "related manager create": lambda part: part.order_lines.create(line_number=99),
    "related manager update": lambda part: part.order_lines.update(quantity_shipped=0),
    "async acreate": lambda part: async_to_sync(Part.objects.all().acreate)(part_number="NEW-1", description="x"),
    "async aupdate": lambda part: async_to_sync(Part.objects.filter(pk=part.pk).aupdate)(description="changed"),
}


@ERP
@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_write_path_refuses_and_nothing_changes(erp_data, write):
    part = _first_part()
    before = (Part.objects.count(), part.description, SalesOrderLine.objects.filter(part=part).count())
    part.description = "changed"
    with pytest.raises(ErpWriteRefused, match="read-only"):
        write(part)
    fresh = Part.objects.get(pk=part.pk)
    assert (Part.objects.count(), fresh.description, SalesOrderLine.objects.filter(part=part).count()) == before


@ERP
def test_refusal_names_the_model_and_view(erp_data):
    with pytest.raises(ErpWriteRefused) as refused:
        Customer.objects.using("erp").update(name="x")
    assert "erp.Customer" in str(refused.value) and "erp_customer" in str(refused.value)


@ERP
def test_reads_work_on_every_model_through_the_router(erp_data):
    for model in ERP_MODELS:
        assert model.objects.exists(), model.__name__
    line = SalesOrderLine.objects.select_related("sales_order__customer", "part").open().first()
    assert line.sales_order.customer.pk == line.customer_id
    assert line.open_quantity > 0


def test_router_reads_erp_models_from_erp_and_refuses_to_pick_a_database_for_writing_them():
    assert router.db_for_read(Part) == "erp"
    assert router.db_for_read(User) == "default"
    with pytest.raises(ErpWriteRefused):
        router.db_for_write(SalesOrder)
    assert router.db_for_write(Facility) == "default"


def test_router_never_migrates_erp_models_and_keeps_portal_tables_out_of_the_erp():
    erp_router = ErpRouter()
    assert erp_router.allow_migrate("default", "erp", "part") is False
    assert erp_router.allow_migrate("erp", "erp", "part") is False
    assert erp_router.allow_migrate("erp", "portal", "user") is False
    assert erp_router.allow_migrate("default", "portal", "user") is None


def test_router_relations_stay_within_one_side():
    erp_router = ErpRouter()
    part = Part(part_number="P")
    assert erp_router.allow_relation(part, Customer(customer_code="C")) is True
    assert erp_router.allow_relation(part, Facility(code="F")) is False
    assert erp_router.allow_relation(Facility(code="F"), User(username="u")) is None


@ERP
def test_migrate_creates_no_erp_table_in_the_portal_database_and_nothing_of_the_portal_in_the_erp(erp_data):
    call_command("migrate", database="erp", verbosity=0)
    call_command("migrate", database="default", verbosity=0)
    portal_tables = connections["default"].introspection.table_names()
    erp_tables = connections["erp"].introspection.table_names()
    views = {model._meta.db_table for model in ERP_MODELS}
    assert not views & set(portal_tables)
    # The ERP holds the contract's tables (built by the demo writer) and Django's migration ledger, nothing else.
    assert set(erp_tables) - views <= {"django_migrations"}
    assert "portal_user" in portal_tables


def test_every_erp_model_is_unmanaged_and_refuses_through_its_base_manager():
    for model in ERP_MODELS:
        assert model._meta.managed is False, model.__name__
        assert model._meta.base_manager_name == "objects", model.__name__
        with pytest.raises(ErpWriteRefused):
            model._base_manager.update()


@ERP
def test_unsaved_instances_cannot_be_saved_either(erp_data):
    line = SalesOrderLine(
        id=10**9, sales_order_id="SO1", line_number=1, customer_id="C1", part_id="P1",
        quantity_ordered=Decimal(1), due_date=dt.date.today(), unit_price=Decimal(1), order_type="STANDARD",
        facility="CHI",
    )
    with pytest.raises(ErpWriteRefused):
        line.save(force_insert=True)
    assert not SalesOrderLine.objects.filter(pk=10**9).exists()

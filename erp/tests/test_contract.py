"""The contract is one thing: the models, the shared column order, the demo tables and the document agree."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, models

from erp.demo.contract import COLUMNS
from erp.models import ERP_MODELS

DOC = Path(settings.BASE_DIR) / "docs" / "erp-contract.md"


def sql_server_type(field: models.Field) -> str:
    target = field.target_field if field.is_relation else field
    if isinstance(target, models.BooleanField):
        return "bit"
    if isinstance(target, models.DecimalField):
        return f"decimal({target.max_digits},{target.decimal_places})"
    if isinstance(target, models.BigIntegerField):
        return "bigint"
    if isinstance(target, models.IntegerField):
        return "int"
    if isinstance(target, models.DateField):
        return "date"
    return f"nvarchar({target.max_length})"


def test_the_shared_column_order_is_the_models_column_order():
    assert list(COLUMNS) == [model._meta.db_table for model in ERP_MODELS]
    for model in ERP_MODELS:
        assert COLUMNS[model._meta.db_table] == tuple(f.column for f in model._meta.concrete_fields)


@pytest.mark.parametrize("model", ERP_MODELS, ids=lambda m: m._meta.db_table)
def test_the_document_describes_every_column_with_its_type_and_nullability(model):
    text = DOC.read_text(encoding="utf-8")
    view = model._meta.db_table
    section = re.search(rf"^### `{view}`.*?(?=^### |^## )", text, flags=re.M | re.S)
    assert section, f"docs/erp-contract.md has no section for {view}"
    documented = {}
    for column, key, sql_type, null in re.findall(
        r"^\| `(\w+)`( \*\*key\*\*)? \| ([\w(),]+) \| (yes|no) \|", section.group(0), flags=re.M
    ):
        documented[column] = (bool(key), sql_type, null == "yes")
    expected = {f.column: (f.primary_key, sql_server_type(f), f.null) for f in model._meta.concrete_fields}
    assert documented == expected
    assert f"CREATE VIEW portal.{view} AS" in text


@pytest.mark.django_db(databases=["default", "erp"])
def test_demo_tables_have_the_models_indexes_and_every_reference_is_indexed(erp_data):
    connection = connections["erp"]
    with connection.cursor() as cursor:
        for model in ERP_MODELS:
            table = model._meta.db_table
            constraints = connection.introspection.get_constraints(cursor, table)
            leading = {c["columns"][0] for c in constraints.values() if c["index"] or c["unique"] or c["primary_key"]}
            for index in model._meta.indexes:
                assert index.name in constraints, f"{table}: index {index.name} missing"
            for field in model._meta.concrete_fields:
                if field.is_relation or field.db_index:
                    assert field.column in leading, f"{table}.{field.column} leads no index"
            for constraint in model._meta.constraints:
                columns = [model._meta.get_field(name).column for name in constraint.fields]
                assert any(c["unique"] and c["columns"] == columns for c in constraints.values()), constraint.name

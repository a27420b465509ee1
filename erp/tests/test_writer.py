"""The demo writer loads every row exactly once, whatever the batch boundaries."""

import pytest

from erp.demo import writer
from erp.models import ERP_MODELS


@pytest.mark.django_db(databases=["default", "erp"])
@pytest.mark.parametrize(("batch", "per_statement"), [(7, 3), (5000, 1), (4, 500)])
def test_rows_are_loaded_once_across_batches(monkeypatch, erp_data, batch, per_statement):
    monkeypatch.setattr(writer, "BATCH_SIZE", batch)
    monkeypatch.setattr(writer, "_rows_per_statement", lambda connection, width: per_statement)
    writer.replace_rows(erp_data.tables)
    for model in ERP_MODELS:
        view = model._meta.db_table
        columns = [f.attname for f in model._meta.concrete_fields]
        stored = list(model.objects.order_by("pk").values_list(*columns))
        assert stored == sorted(erp_data.tables[view]), view

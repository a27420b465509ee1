"""Routes the ERP's unmanaged models to the read-only ``erp`` database and refuses every write to them.

Refusing in ``db_for_write`` (rather than returning None) matters: with None, Django would write back to the
database the row was read from. The models' own save/delete and their querysets refuse too (erp/models/base.py),
because ``.using("erp")`` skips the router. Production also connects with a SELECT-only login (docs/erp-contract.md).
"""

from __future__ import annotations

ERP_APP = "erp"
ERP_DB = "erp"


class ErpWriteRefused(Exception):
    """Raised on any attempt to write to the ERP: the portal only ever reads it."""


class ErpRouter:
    def db_for_read(self, model, **hints):
        return ERP_DB if model._meta.app_label == ERP_APP else None

    def db_for_write(self, model, **hints):
        if model._meta.app_label == ERP_APP:
            raise ErpWriteRefused(f"The ERP is read-only: refusing to write {model._meta.label}.")
        return None

    def allow_relation(self, obj1, obj2, **hints):
        in_erp = {obj1._meta.app_label == ERP_APP, obj2._meta.app_label == ERP_APP}
        return None if in_erp == {False} else in_erp == {True}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Never migrate the ERP, and keep the portal's tables out of the ERP database.
        if app_label == ERP_APP or db == ERP_DB:
            return False
        return None

"""The read-only base of every ERP model.

The router refuses writes it is asked about, but ``.using("erp")`` and the model/queryset write methods can go
around it, so each write path refuses here as well. The only code that writes the (demo) ERP tables is
``erp/demo/writer.py``, with plain SQL, and only where ``settings.ERP_DEMO_WRITABLE`` allows it.
"""

from __future__ import annotations

from typing import NoReturn

from django.db import models

from erp.router import ErpWriteRefused


def refuse_write(model: type[models.Model], action: str) -> NoReturn:
    raise ErpWriteRefused(
        f"The ERP is read-only: refusing to {action} {model._meta.label} (view {model._meta.db_table}). "
        "The portal only reads the ERP; change the data in the ERP itself."
    )


class ErpQuerySet(models.QuerySet):
    """A queryset that reads only: every bulk or single-row write raises ErpWriteRefused."""

    def create(self, **kwargs):
        refuse_write(self.model, "create")

    def get_or_create(self, defaults=None, **kwargs):
        refuse_write(self.model, "get_or_create")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        refuse_write(self.model, "update_or_create")

    def bulk_create(self, objs, *args, **kwargs):
        refuse_write(self.model, "bulk_create")

    def bulk_update(self, objs, fields, batch_size=None):
        refuse_write(self.model, "bulk_update")

    def update(self, **kwargs):
        refuse_write(self.model, "update")

    def delete(self):
        refuse_write(self.model, "delete")

    # Internal entry points Model.save_base and related managers use; closed too so nothing slips through.
    def _insert(self, *args, **kwargs):
        refuse_write(self.model, "insert into")

    def _update(self, values):
        refuse_write(self.model, "update")

    def _raw_delete(self, using):
        refuse_write(self.model, "delete")


ErpManager = models.Manager.from_queryset(ErpQuerySet, "ErpManager")


class ErpModel(models.Model):
    """An unmanaged model over one view of the ERP contract (docs/erp-contract.md)."""

    objects = ErpManager()

    class Meta:
        abstract = True
        managed = False
        # Django's internal lookups (related objects, save, delete collection) use the base manager:
        # make it the refusing one too.
        base_manager_name = "objects"
        default_permissions = ()

    def save(self, *args, **kwargs):
        refuse_write(type(self), "save")

    def save_base(self, *args, **kwargs):
        refuse_write(type(self), "save")

    def delete(self, *args, **kwargs):
        refuse_write(type(self), "delete")

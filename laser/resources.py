"""Excel/CSV import-export of the laser shop's clients and sheet inventory items (all or nothing, an ``id``
column updates; see portal/resources.py)."""

from portal.resources import Strict

from .models import Client, InventoryItem


class ClientResource(Strict):
    class Meta(Strict.Meta):
        model = Client
        fields = ["id", "name", "contact_name", "phone", "email", "language", "channel", "active"]


class InventoryItemResource(Strict):
    """Items and their minimums. The count itself changes only through receipts and adjustments (with a
    reason), so it is neither imported nor exported here (the inventory page exports it)."""

    class Meta(Strict.Meta):
        model = InventoryItem
        fields = ["id", "material_type", "thickness_mm", "sheet_size", "minimum", "active"]

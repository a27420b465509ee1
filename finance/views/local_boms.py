"""Local BOMs imported from Excel by finance users (the shared import page: preview, row errors, all or nothing)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from finance.resources import LocalBomLineResource
from portal.imports.views import PortalImportView


class LocalBomImportView(PortalImportView):
    permission_required = "finance.add_localbom"
    resource_class = LocalBomLineResource
    title = _("Import local BOMs")
    success_url_name = "finance:costs"

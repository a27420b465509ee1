"""A URLconf for the import-view tests: the portal's URLs plus one PortalImportView of production lines."""

from django.urls import path

from portal.imports.views import PortalImportView
from portal.resources import ProductionLineResource
from portal.urls import urlpatterns as portal_urlpatterns


class LineImportView(PortalImportView):
    permission_required = "portal.add_productionline"
    resource_class = ProductionLineResource
    title = "Import lines"


urlpatterns = [path("test-import/lines/", LineImportView.as_view(), name="test-line-import"), *portal_urlpatterns]

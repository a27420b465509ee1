"""Pages of the ERP viewers: BOMs, open POs, live open jobs, customer sales analysis."""

from django.urls import include, path

from .views import bom, jobs, po

app_name = "erp"

urlpatterns = [
    path("bom/", bom.BomListView.as_view(), name="bom-list"),
    path("bom/<int:pk>/", bom.bom_detail, name="bom-detail"),
    path("bom/<int:pk>/exploded/", bom.bom_exploded, name="bom-exploded"),
    path("bom/where-used/", bom.WhereUsedView.as_view(), name="bom-where-used"),
    path("po/", po.OpenPoListView.as_view(), name="po-list"),
    path("jobs/", jobs.OpenJobListView.as_view(), name="job-list"),
    path("jobs/<str:job_number>/transactions/", jobs.job_transactions, name="job-transactions"),
    path("sales/", include("erp.sales_urls")),
]

from django.urls import path

from . import views

app_name = "labels"

urlpatterns = [
    path("", views.labels, name="pick"),
    path("erp-jobs/", views.labels_for_erp_jobs, name="erp-jobs"),
    path("from/<slug:source>/", views.labels_from_list, name="from-list"),
]

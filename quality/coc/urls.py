from django.urls import path

from quality.coc.views import certificates

app_name = "coc"

urlpatterns = [
    path("", certificates.search, name="search"),
    path("job/<str:job_number>/", certificates.job_report, name="job"),
    path("job/<str:job_number>/issue/", certificates.issue, name="issue"),
    path("job/<str:job_number>/yield-report.pdf", certificates.yield_report_pdf, name="yield-report"),
    path("certificates/<str:number>/", certificates.certificate, name="certificate"),
    path("certificates/<str:number>/pdf/", certificates.certificate_pdf, name="certificate-pdf"),
]

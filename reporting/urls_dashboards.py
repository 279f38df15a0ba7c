"""URLs of the dashboards pages and of the report downloads (CSV, XLSX, PDF, several quarters, the state workbook)."""

from django.urls import path

from .views import dashboards

urlpatterns = [
    path("programs/<slug:slug>/dashboard/", dashboards.program_dashboard, name="dashboard"),
    path("programs/<slug:slug>/dashboard/me/", dashboards.my_dashboard, name="dashboard_me"),
    path("dashboard/state/", dashboards.state_dashboard, name="state_dashboard"),
    path("programs/<slug:slug>/reports/<str:quarter>/report.csv", dashboards.report_csv, name="report_csv"),
    path(
        "programs/<slug:slug>/reports/<str:quarter>/report.xlsx", dashboards.report_xlsx, name="report_xlsx"
    ),
    path("programs/<slug:slug>/reports/<str:quarter>/report.pdf", dashboards.report_pdf, name="report_pdf"),
    # Several quarters, one sheet each: the form, or the workbook of ?from_quarter=…&to_quarter=….
    path(
        "programs/<slug:slug>/reports/quarters.xlsx", dashboards.report_range_xlsx, name="report_range_xlsx"
    ),
    path("reports/state/<str:quarter>/programs.xlsx", dashboards.state_xlsx, name="state_xlsx"),
]

"""URLs of the quarterly report pages, the state tracker and the benchmarks."""

from django.urls import path

from .views import reports

urlpatterns = [
    path("programs/<slug:slug>/reports/", reports.report_list, name="report_list"),
    path("programs/<slug:slug>/reports/<str:quarter>/", reports.report_detail, name="report_detail"),
    path(
        "programs/<slug:slug>/reports/<str:quarter>/people/<str:key>/",
        reports.report_drilldown,
        name="report_drilldown",
    ),
    path(
        "programs/<slug:slug>/reports/<str:quarter>/submissions/<int:number>/",
        reports.report_submission,
        name="report_submission",
    ),
    path(
        "programs/<slug:slug>/reports/<str:quarter>/entries/new/",
        reports.report_entry_add,
        name="report_entry_add",
    ),
    path(
        "programs/<slug:slug>/reports/<str:quarter>/entries/<int:pk>/withdraw/",
        reports.report_entry_withdraw,
        name="report_entry_withdraw",
    ),
    path(
        "programs/<slug:slug>/reports/<str:quarter>/entries/<int:pk>/edit/",
        reports.report_entry_edit,
        name="report_entry_edit",
    ),
    path("programs/<slug:slug>/reports/<str:quarter>/submit/", reports.report_submit, name="report_submit"),
    path("programs/<slug:slug>/reports/<str:quarter>/amend/", reports.report_amend, name="report_amend"),
    path(
        "programs/<slug:slug>/reports/<str:quarter>/amend/cancel/",
        reports.report_amend_cancel,
        name="report_amend_cancel",
    ),
    path("reports/state/", reports.state_tracker, name="state_tracker"),
    path("reports/state/deadline/", reports.deadline_set, name="deadline_set"),
    path("reports/benchmarks/", reports.benchmark_list, name="benchmark_list"),
    path("reports/benchmarks/<int:pk>/edit/", reports.benchmark_edit, name="benchmark_edit"),
]

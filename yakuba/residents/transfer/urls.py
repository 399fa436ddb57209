"""Staff pages for import, export, sync and statistics (included by ``urls_staff``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("transfer/", views.transfer_index, name="transfer_index"),
    path("transfer/import/", views.registry_import, name="registry_import"),
    path("transfer/jobs/<int:pk>/", views.transfer_job, name="transfer_job"),
    path(
        "transfer/jobs/<int:pk>/progress/",
        views.transfer_job_progress,
        name="transfer_job_progress",
    ),
    path(
        "transfer/jobs/<int:pk>/report.csv", views.transfer_job_report, name="transfer_job_report"
    ),
    path(
        "transfer/jobs/<int:pk>/confirm/",
        views.registry_import_confirm,
        name="registry_import_confirm",
    ),
    path(
        "transfer/jobs/<int:pk>/cancel/",
        views.registry_import_cancel,
        name="registry_import_cancel",
    ),
    path("transfer/export/", views.registry_export, name="registry_export"),
    path("transfer/sync/", views.registry_sync, name="registry_sync"),
    path("transfer/sync/<int:pk>/run/", views.registry_sync_run, name="registry_sync_run"),
    path("statistics/", views.population_statistics, name="population_statistics"),
    path(
        "statistics/population.csv",
        views.population_statistics_csv,
        name="population_statistics_csv",
    ),
]

from django.urls import path

from omradeloft.measures.views import detail, editing, listing, reports, results

app_name = "measures"
urlpatterns = [
    path("", listing.measure_list, name="list"),
    path("new/", editing.measure_create, name="create"),
    path("<slug:measure>/", detail.measure_detail, name="detail"),
    path("<slug:measure>/edit/", editing.measure_edit, name="edit"),
    path("<slug:measure>/status/", editing.measure_status, name="status"),
    path("<slug:measure>/publish/", editing.measure_publish, name="publish"),
    path("<slug:measure>/results/", results.measure_results, name="results"),
    path(
        "<slug:measure>/results/<slug:part>/<int:pk>/delete/",
        results.measure_result_delete,
        name="result_delete",
    ),
    path("<slug:measure>/reports/new/", reports.measure_report, name="report"),
    path("<slug:measure>/attachments/new/", reports.attachment_add, name="attachment_add"),
    path("<slug:measure>/attachments/<int:pk>/", reports.attachment_download, name="attachment"),
    path(
        "<slug:measure>/attachments/<int:pk>/delete/",
        reports.attachment_delete,
        name="attachment_delete",
    ),
]

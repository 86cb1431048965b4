from django.urls import path

from omradeloft.evaluation.views import designs, midterm, runs

app_name = "evaluation"
urlpatterns = [
    path("", designs.designs, name="designs"),
    path("new/", designs.design_new, name="design_new"),
    path("midterm/", midterm.midterm, name="midterm"),
    path("<slug:design>/", designs.design, name="design"),
    path("<slug:design>/edit/", designs.design_edit, name="design_edit"),
    path("<slug:design>/run/", designs.design_run, name="design_run"),
    path("<slug:design>/runs/<int:pk>/", runs.run, name="run"),
    path("<slug:design>/runs/<int:pk>/status.json", runs.run_status, name="run_status"),
    path("<slug:design>/runs/<int:pk>/again/", runs.run_again, name="run_again"),
    path("<slug:design>/runs/<int:pk>/<slug:table>.csv", runs.run_table, name="run_table"),
]

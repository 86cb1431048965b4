from django.urls import path

from omradeloft.targeting import views

app_name = "targeting"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("new/", views.index_edit, name="index_new"),
    path("rules/new/", views.rule_edit, name="rule_new"),
    path("rules/<slug:code>/", views.rule_page, name="rule"),
    path("rules/<slug:code>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<slug:code>/apply/", views.rule_apply, name="rule_apply"),
    path("<slug:code>/", views.index_page, name="index"),
    path("<slug:code>/download.csv", views.index_download, name="download"),
    path("<slug:code>/warnings/", views.warnings_page, name="warnings"),
    path("<slug:code>/edit/", views.index_edit, name="index_edit"),
    path("<slug:code>/compute/", views.index_compute, name="index_compute"),
    path("<slug:code>/areas/<str:area>/", views.explanation, name="explanation"),
]

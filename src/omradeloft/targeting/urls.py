from django.urls import path

from omradeloft.targeting import views

app_name = "targeting"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("rules/<slug:code>/", views.rule_page, name="rule"),
    path("<slug:code>/", views.index_page, name="index"),
    path("<slug:code>/download.csv", views.index_download, name="download"),
    path("<slug:code>/warnings/", views.warnings_page, name="warnings"),
    path("<slug:code>/areas/<str:area>/", views.explanation, name="explanation"),
]

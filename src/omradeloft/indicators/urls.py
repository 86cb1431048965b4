from django.urls import path

from omradeloft.indicators.views import catalogue, imports, indicator, profile

app_name = "indicators"
urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("new/", catalogue.create, name="create"),
    path("import/", imports.upload, name="import"),
    path("import/<str:token>/", imports.preview, name="import_preview"),
    path("batches/", imports.batches, name="batches"),
    path("batches/<int:pk>/rollback/", imports.rollback, name="rollback"),
    path("areas/<str:code>/", profile.area_profile, name="area_profile"),
    path(
        "areas/<str:code>/download.<str:file_format>",
        profile.download,
        name="area_profile_download",
    ),
    path("<slug:code>/", indicator.detail, name="detail"),
    path("<slug:code>/edit/", catalogue.edit, name="edit"),
    path("<slug:code>/download.<str:file_format>", indicator.download, name="download"),
]

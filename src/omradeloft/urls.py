from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("omradeloft.core.urls")),
    path("areas/", include("omradeloft.areas.urls")),
    path("indicators/", include("omradeloft.indicators.urls")),
    path("targeting/", include("omradeloft.targeting.urls")),
    path("programmes/", include("omradeloft.programmes.urls")),
    path("programmes/<slug:programme>/measures/", include("omradeloft.measures.urls")),
    path("programmes/<slug:programme>/evaluation/", include("omradeloft.evaluation.urls")),
    path("accounts/", include("omradeloft.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

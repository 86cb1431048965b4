from django.urls import path

from omradeloft.accounts import views

app_name = "accounts"
urlpatterns = [path("profile/", views.profile, name="profile")]

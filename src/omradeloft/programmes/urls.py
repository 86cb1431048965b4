from django.urls import path

from omradeloft.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<slug:code>/", views.programme_detail, name="detail"),
    path("<slug:code>/team/", views.team, name="team"),
    path("<slug:code>/team/<int:pk>/revoke/", views.revoke, name="revoke"),
]

from omradeloft.programmes.views import dashboard, description, organisation, structure, team

app_name = "programmes"
urlpatterns = [
    *dashboard.urlpatterns,
    *description.urlpatterns,
    *organisation.urlpatterns,
    *structure.urlpatterns,
    *team.urlpatterns,
]

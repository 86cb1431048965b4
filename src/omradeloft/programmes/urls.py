from omradeloft.programmes.views import (
    dashboard,
    description,
    meetings,
    organisation,
    structure,
    team,
)

app_name = "programmes"
urlpatterns = [
    *dashboard.urlpatterns,
    *description.urlpatterns,
    *organisation.urlpatterns,
    *meetings.urlpatterns,
    *structure.urlpatterns,
    *team.urlpatterns,
]

from omradeloft.programmes.views import (
    dashboard,
    description,
    edit_basics,
    meetings,
    organisation,
    team,
)

app_name = "programmes"
urlpatterns = [
    *dashboard.urlpatterns,
    *description.urlpatterns,
    *organisation.urlpatterns,
    *meetings.urlpatterns,
    *edit_basics.urlpatterns,
    *team.urlpatterns,
]

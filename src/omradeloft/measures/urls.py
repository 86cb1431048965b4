from omradeloft.measures import views

app_name = "measures"
urlpatterns = views.urlpatterns

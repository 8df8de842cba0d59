from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("to-trinn/", views.mfa_required, name="mfa_required"),
    path("aktiver/", views.enrol, name="enrol"),
    path("aktiver/ferdig/", views.enrolled, name="enrolled"),
    path("aktiver/<str:token>/", views.enrol_link, name="enrol_link"),
]

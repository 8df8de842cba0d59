from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("to-trinn/", views.mfa_required, name="mfa_required"),
]

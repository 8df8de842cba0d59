from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("gjennomgang/", views.review_page, name="review"),
]

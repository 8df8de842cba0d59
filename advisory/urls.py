"""Routes for the advisory work: Norwegian words, opaque integer ids, no personal data."""

from django.urls import path

from advisory import views

app_name = "advisory"

urlpatterns = [
    path("", views.contact_list, name="contact_list"),
    path("ny/", views.contact_create, name="contact_create"),
    path("<int:pk>/", views.contact_detail, name="contact_detail"),
    path("<int:pk>/henvendelse/", views.contact_to_inquiry, name="contact_to_inquiry"),
    path("kurs/ny/", views.course_create, name="course_create"),
]

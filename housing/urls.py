"""Routes under /botilbud/: opaque integer ids only, nothing personal in a URL."""

from django.urls import path

from housing import views

app_name = "housing"

urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("kapasitet/", views.capacity, name="capacity"),
    path("<int:pk>/", views.offer_detail, name="offer_detail"),
    path("<int:pk>/endre/", views.offer_edit, name="offer_edit"),
    path("<int:pk>/boliger/ny/", views.dwelling_create, name="dwelling_create"),
    path("<int:pk>/samarbeidspartnere/ny/", views.partner_create, name="partner_create"),
    path("boliger/<int:pk>/", views.dwelling_detail, name="dwelling_detail"),
    path("boliger/<int:pk>/adresse/", views.dwelling_address, name="dwelling_address"),
    path("boliger/<int:pk>/plasser/", views.dwelling_places, name="dwelling_places"),
    path(
        "boliger/<int:pk>/ta-ut-av-bruk/",
        views.dwelling_take_out_of_use,
        name="dwelling_take_out_of_use",
    ),
    path("boliger/<int:pk>/klarering/ny/", views.clearance_create, name="clearance_create"),
    path("tiltak/<int:pk>/utfort/", views.recommendation_done, name="recommendation_done"),
    path(
        "samarbeidspartnere/<int:pk>/kontaktpersoner/ny/",
        views.contact_create,
        name="contact_create",
    ),
]

"""Routes under /rutiner/: integer ids and the fixed codes of the required routines only."""

from django.urls import path

from routines import views

app_name = "routines"

urlpatterns = [
    path("", views.status_overview, name="overview"),
    path("botilbud/<int:offer_pk>/", views.offer_routines, name="offer"),
    path("deling/<int:offer_pk>/", views.routine_sharing, name="sharing"),
    path("botilbud/<int:offer_pk>/<slug:kind>/", views.routine_detail, name="routine"),
    path("botilbud/<int:offer_pk>/<slug:kind>/ny-versjon/", views.routine_edit, name="edit"),
    path("botilbud/<int:offer_pk>/<slug:kind>/godkjenn/", views.routine_approve, name="approve"),
    path("botilbud/<int:offer_pk>/<slug:kind>/lest/", views.routine_confirm, name="confirm"),
    path(
        "botilbud/<int:offer_pk>/<slug:kind>/versjon/<int:version_pk>/dokument/",
        views.routine_file,
        name="file",
    ),
    path("informasjon/<int:offer_pk>/", views.information, name="information"),
    path("informasjon/<int:offer_pk>/endre/", views.information_edit, name="information_edit"),
    path("informasjon/<int:offer_pk>/informasjon.pdf", views.information_pdf, name="pdf_nb"),
    path("informasjon/<int:offer_pk>/information.pdf", views.information_pdf_en, name="pdf_en"),
]

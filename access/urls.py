"""Routes under /tilgang/: opaque integer ids only; identifiers go in POST bodies."""

from django.urls import path

from access import views

app_name = "access"

urlpatterns = [
    path("nodtilgang/", views.break_glass, name="break_glass"),
    path("nodtilgang/<int:pk>/", views.break_glass_opened, name="break_glass_opened"),
    path("nodtilgang/gjennomgang/", views.break_glass_queue, name="break_glass_queue"),
    path("nodtilgang/gjennomgang/<int:pk>/", views.break_glass_review, name="break_glass_review"),
    path("godkjenninger/", views.approval_list, name="approval_list"),
    path("godkjenninger/<int:pk>/", views.approval_detail, name="approval_detail"),
    path("godkjenninger/<int:pk>/godkjenn/", views.approval_approve, name="approval_approve"),
    path("godkjenninger/<int:pk>/avsla/", views.approval_reject, name="approval_reject"),
    path("adresse/<int:pk>/", views.address_request, name="address_request"),
    path("beboerliste/<int:pk>/", views.resident_export, name="resident_export"),
    path(
        "beboerliste/<int:pk>/last-ned/",
        views.resident_export_download,
        name="resident_export_download",
    ),
    path("innsyn/", views.access_report, name="access_report"),
]

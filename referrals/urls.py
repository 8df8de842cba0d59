"""Routes for intake and allocation: Norwegian words, opaque integer ids, no personal data."""

from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("arbeidsbenk/", views.workbench, name="workbench"),
    path("henvendelser/", views.inquiry_list, name="inquiry_list"),
    path("henvendelser/ny/", views.inquiry_create, name="inquiry_create"),
    path("henvendelser/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path("henvendelser/<int:pk>/ikke-plass/", views.inquiry_no_place, name="inquiry_no_place"),
    path("henvendelser/<int:pk>/kartlegging/", views.assessment_create, name="assessment_create"),
    path("kartlegginger/", views.assessment_list, name="assessment_list"),
    path("kartlegginger/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("kartlegginger/<int:pk>/rett/", views.assessment_correct, name="assessment_correct"),
    path(
        "kartlegginger/<int:pk>/trekk-tilbake/",
        views.assessment_withdraw,
        name="assessment_withdraw",
    ),
    path("kartlegginger/<int:pk>/samtykke/", views.consent_create, name="consent_create"),
    path(
        "kartlegginger/<int:pk>/del-med-politiet/",
        views.share_with_police,
        name="share_with_police",
    ),
    path(
        "kartlegginger/<int:pk>/trusselvurdering/",
        views.threat_assessment_create,
        name="threat_create",
    ),
    path("kartlegginger/<int:pk>/tildeling/", views.match, name="match"),
    path("samtykker/<int:pk>/trekk-tilbake/", views.consent_withdraw, name="consent_withdraw"),
    path("trusselvurderinger/", views.police_queue, name="police_queue"),
    path("trusselvurderinger/<int:pk>/", views.threat_detail, name="threat_detail"),
    path("tildelinger/<int:pk>/trakk-seg/", views.allocation_withdraw, name="allocation_withdraw"),
    path("innboks/", views.inbox, name="inbox"),
    path("innboks/<int:pk>/", views.package, name="package"),
]

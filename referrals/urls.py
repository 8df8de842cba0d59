"""Routes for intake and allocation: Norwegian words, opaque integer ids, no personal data.

The answer to a proposal (``referrals:package``) and a withdrawal before
arrival (``referrals:allocation_withdraw``) create or end a stay, so they are
``stays.views.admission``'s; ``botilbud/urls.py`` mounts them in this namespace.
"""

from django.urls import path

from referrals.views import allocation, corrections, intake, police

app_name = "referrals"

urlpatterns = [
    path("arbeidsbenk/", intake.workbench, name="workbench"),
    path("henvendelser/", intake.inquiry_list, name="inquiry_list"),
    path("henvendelser/ny/", intake.inquiry_create, name="inquiry_create"),
    path("henvendelser/<int:pk>/", intake.inquiry_detail, name="inquiry_detail"),
    path("henvendelser/<int:pk>/rett/", corrections.inquiry_correct, name="inquiry_correct"),
    path("henvendelser/<int:pk>/ikke-plass/", intake.inquiry_no_place, name="inquiry_no_place"),
    path("henvendelser/<int:pk>/kartlegging/", intake.assessment_create, name="assessment_create"),
    path("kartlegginger/", intake.assessment_list, name="assessment_list"),
    path("kartlegginger/<int:pk>/", intake.assessment_detail, name="assessment_detail"),
    path("kartlegginger/<int:pk>/rett/", corrections.assessment_correct, name="assessment_correct"),
    path(
        "kartlegginger/<int:pk>/trekk-tilbake/",
        corrections.assessment_withdraw,
        name="assessment_withdraw",
    ),
    path("kartlegginger/<int:pk>/samtykke/", police.consent_create, name="consent_create"),
    path(
        "kartlegginger/<int:pk>/del-med-politiet/",
        police.share_with_police,
        name="share_with_police",
    ),
    path(
        "kartlegginger/<int:pk>/trusselvurdering/",
        police.threat_assessment_create,
        name="threat_create",
    ),
    path("kartlegginger/<int:pk>/tildeling/", allocation.match, name="match"),
    path("samtykker/<int:pk>/trekk-tilbake/", police.consent_withdraw, name="consent_withdraw"),
    path("trusselvurderinger/", police.police_queue, name="police_queue"),
    path("trusselvurderinger/<int:pk>/", police.threat_detail, name="threat_detail"),
    path("innboks/", allocation.inbox, name="inbox"),
]

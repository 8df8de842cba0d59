from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("<int:stay_id>/", views.meetings, name="meetings"),
    path("<int:stay_id>/nytt/", views.meeting_create, name="meeting_create"),
    path("<int:stay_id>/samtykke/nytt/", views.consent_create, name="consent_create"),
    path(
        "<int:stay_id>/samtykke/<int:consent_id>/trekk/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:stay_id>/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("<int:stay_id>/<int:meeting_id>/referat/", views.minutes_edit, name="minutes_edit"),
    path("<int:stay_id>/<int:meeting_id>/referat.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:stay_id>/<int:meeting_id>/deltaker/", views.participant_add, name="participant_add"),
    path("<int:stay_id>/<int:meeting_id>/oppgave/", views.task_create, name="task_create"),
    path(
        "<int:stay_id>/<int:meeting_id>/oppgave/<int:task_id>/utfort/",
        views.task_done,
        name="task_done",
    ),
]

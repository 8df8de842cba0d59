from django.urls import path

from followup.views import areas, contacts, plan, security

app_name = "followup"

urlpatterns = [
    path("<int:stay_id>/sikkerhet/", security.security, name="security"),
    path("<int:stay_id>/sikkerhet/samtale/", security.security_edit, name="security_edit"),
    path("<int:stay_id>/tiltak/", security.measures, name="measures"),
    path("<int:stay_id>/tiltak/nytt/", security.measure_edit, name="measure_create"),
    path("<int:stay_id>/tiltak/<int:measure_id>/", security.measure_edit, name="measure_edit"),
    path(
        "<int:stay_id>/trusselbilde/ny/",
        security.threat_change_create,
        name="threat_change_create",
    ),
    path("<int:stay_id>/plan/", plan.plan, name="plan"),
    path("<int:stay_id>/plan/rediger/", plan.plan_edit, name="plan_edit"),
    path("<int:stay_id>/plan/mal/nytt/", plan.goal_create, name="goal_create"),
    path("<int:stay_id>/plan/tiltak/nytt/", plan.action_create, name="action_create"),
    path(
        "<int:stay_id>/plan/<str:kind>/<int:item_id>/status/",
        plan.progress_set,
        name="progress_set",
    ),
    path("<int:stay_id>/plan/evaluering/ny/", plan.evaluation_create, name="evaluation_create"),
    path("<int:stay_id>/omrader/", areas.areas, name="areas"),
    path("<int:stay_id>/omrader/rediger/", areas.areas_edit, name="areas_edit"),
    path("<int:stay_id>/kontakter/", contacts.contacts, name="contacts"),
    path("<int:stay_id>/kontakter/ny/", contacts.contact_create, name="contact_create"),
    path(
        "<int:stay_id>/kontakter/<int:contact_id>/rett/",
        contacts.contact_correct,
        name="contact_correct",
    ),
    path(
        "<int:stay_id>/kontakter/<int:contact_id>/historikk/",
        contacts.contact_history,
        name="contact_history",
    ),
]

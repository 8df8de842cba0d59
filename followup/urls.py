from django.urls import path

from followup import views

app_name = "followup"

urlpatterns = [
    path("<int:stay_id>/sikkerhet/", views.security, name="security"),
    path("<int:stay_id>/sikkerhet/samtale/", views.security_edit, name="security_edit"),
    path("<int:stay_id>/tiltak/", views.measures, name="measures"),
    path("<int:stay_id>/tiltak/nytt/", views.measure_edit, name="measure_create"),
    path("<int:stay_id>/tiltak/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path("<int:stay_id>/trusselbilde/ny/", views.threat_change_create, name="threat_change_create"),
    path("<int:stay_id>/plan/", views.plan, name="plan"),
    path("<int:stay_id>/plan/rediger/", views.plan_edit, name="plan_edit"),
    path("<int:stay_id>/plan/mal/nytt/", views.goal_create, name="goal_create"),
    path("<int:stay_id>/plan/tiltak/nytt/", views.action_create, name="action_create"),
    path(
        "<int:stay_id>/plan/<str:kind>/<int:item_id>/status/",
        views.progress_set,
        name="progress_set",
    ),
    path("<int:stay_id>/plan/evaluering/ny/", views.evaluation_create, name="evaluation_create"),
    path("<int:stay_id>/omrader/", views.areas, name="areas"),
    path("<int:stay_id>/omrader/rediger/", views.areas_edit, name="areas_edit"),
    path("<int:stay_id>/kontakter/", views.contacts, name="contacts"),
    path("<int:stay_id>/kontakter/ny/", views.contact_create, name="contact_create"),
]

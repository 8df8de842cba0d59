from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("<int:stay_id>/", views.decisions, name="decisions"),
    path("<int:stay_id>/nytt/", views.decision_edit, name="decision_create"),
    path("<int:stay_id>/<int:decision_id>/", views.decision_edit, name="decision_edit"),
    path("<int:stay_id>/individuell-plan/", views.plan_edit, name="plan_edit"),
]

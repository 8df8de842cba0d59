"""Routes under /rapportering/: opaque integer ids only, nothing personal in a URL."""

from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("frister/", views.my_deadlines, name="my_deadlines"),
    path("opphold/<int:pk>/", views.stay_reports, name="stay_reports"),
    path("opphold/<int:pk>/rapport/<slug:kind>/", views.milestone_submit, name="milestone_submit"),
    path("innboks/", views.report_inbox, name="inbox"),
    path("rapporter/<int:pk>/", views.report_detail, name="report_detail"),
    path("rapporter/<int:pk>/lest/", views.report_mark_read, name="report_mark_read"),
    path("statistikk/", views.statistics_page, name="statistics"),
    path("statistikk/eksport.<slug:fmt>", views.statistics_export, name="statistics_export"),
]

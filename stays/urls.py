"""Routes under /beboere/: opaque integer ids only, nothing personal in a URL."""

from django.urls import path

from stays import views

app_name = "stays"

urlpatterns = [
    path("", views.resident_list, name="resident_list"),
    path("sikkerhet/", views.security_list, name="security_list"),
    path("sikkerhet/<int:pk>/", views.security_detail, name="security_detail"),
    path("alle-opphold/", views.summary_list, name="summary_list"),
    path("mal/<int:offer_pk>/", views.template, name="template"),
    path("mal/<int:offer_pk>/standard/", views.template_seed, name="template_seed"),
    path("mal/<int:offer_pk>/ny/", views.template_item, name="template_item_create"),
    path("mal/<int:offer_pk>/<int:item_pk>/", views.template_item, name="template_item_edit"),
    path(
        "mal/<int:offer_pk>/<int:item_pk>/slett/",
        views.template_item_delete,
        name="template_item_delete",
    ),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/notater/", views.notes, name="notes"),
    path("<int:pk>/innflytting/", views.move_in, name="move_in"),
    path("<int:pk>/husstand/ny/", views.household_add, name="household_add"),
    path(
        "<int:pk>/husstand/<int:member_pk>/fjern/",
        views.household_remove,
        name="household_remove",
    ),
    path("<int:pk>/timeplan/", views.timetable, name="timetable"),
    path("<int:pk>/timeplan/ny/", views.timetable_item, name="timetable_item_create"),
    path("<int:pk>/timeplan/<int:item_pk>/", views.timetable_item, name="timetable_item_edit"),
    path("<int:pk>/timeplan.pdf", views.timetable_pdf, name="timetable_pdf"),
    path("<int:pk>/planlagt-utflytting/", views.planned_move_out, name="planned_move_out"),
    path("<int:pk>/boligplan/", views.housing_plan, name="housing_plan"),
    path("<int:pk>/overforing/", views.transfer, name="transfer"),
    path("<int:pk>/utflytting/", views.move_out, name="move_out"),
    path("<int:pk>/ettervern/", views.aftercare, name="aftercare"),
    path("<int:pk>/avslutt/", views.close, name="close"),
    path("<int:pk>/samarbeid/ny/", views.partner_add, name="partner_add"),
    path("<int:pk>/samarbeid/<int:link_pk>/fjern/", views.partner_remove, name="partner_remove"),
]

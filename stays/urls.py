"""Routes under /beboere/: opaque integer ids only, nothing personal in a URL.

The resident list and overview (``stays:resident_list``, ``stays:overview``)
and closure (``stays:close``) are ``oversight``'s; ``botilbud/urls.py`` mounts them in this namespace.
"""

from django.urls import path

from stays.views import admission, arrival, household, lifecycle, lists, notes, template

app_name = "stays"

urlpatterns = [
    path("sikkerhet/", lists.security_list, name="security_list"),
    path("sikkerhet/<int:pk>/", lists.security_detail, name="security_detail"),
    path("alle-opphold/", lists.summary_list, name="summary_list"),
    path("mal/<int:offer_pk>/", template.template, name="template"),
    path("mal/<int:offer_pk>/standard/", template.template_seed, name="template_seed"),
    path("mal/<int:offer_pk>/ny/", template.template_item, name="template_item_create"),
    path("mal/<int:offer_pk>/<int:item_pk>/", template.template_item, name="template_item_edit"),
    path(
        "mal/<int:offer_pk>/<int:item_pk>/slett/",
        template.template_item_delete,
        name="template_item_delete",
    ),
    path("<int:pk>/notater/", notes.notes, name="notes"),
    path("<int:pk>/innflytting/", arrival.move_in, name="move_in"),
    path("<int:pk>/husstand/ny/", household.household_add, name="household_add"),
    path(
        "<int:pk>/husstand/<int:member_pk>/fjern/",
        household.household_remove,
        name="household_remove",
    ),
    path("<int:pk>/timeplan/", arrival.timetable, name="timetable"),
    path("<int:pk>/timeplan/ny/", arrival.timetable_item, name="timetable_item_create"),
    path("<int:pk>/timeplan/<int:item_pk>/", arrival.timetable_item, name="timetable_item_edit"),
    path("<int:pk>/timeplan.pdf", arrival.timetable_pdf, name="timetable_pdf"),
    path("<int:pk>/planlagt-utflytting/", lifecycle.planned_move_out, name="planned_move_out"),
    path("<int:pk>/boligplan/", lifecycle.housing_plan, name="housing_plan"),
    path("<int:pk>/overforing/", lifecycle.transfer, name="transfer"),
    path("<int:pk>/utflytting/", lifecycle.move_out, name="move_out"),
    path("<int:pk>/ettervern/", lifecycle.aftercare, name="aftercare"),
    path("<int:pk>/samarbeid/ny/", household.partner_add, name="partner_add"),
    path(
        "<int:pk>/samarbeid/<int:link_pk>/fjern/", household.partner_remove, name="partner_remove"
    ),
]

# In the ``referrals`` namespace (under /inntak/): answering a proposal and a
# withdrawal before arrival are part of intake to the people doing them.
referrals_patterns = [
    path(
        "tildelinger/<int:pk>/trakk-seg/",
        admission.allocation_withdraw,
        name="allocation_withdraw",
    ),
    path("innboks/<int:pk>/", admission.package, name="package"),
]

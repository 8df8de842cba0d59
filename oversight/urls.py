"""Routes of the top layer, in lists that ``botilbud/urls.py`` mounts.

Each list joins the namespace the pages had before they moved here, so their
URL names, paths and access-table entries are unchanged: the start page and
the health check at the root, break-the-glass, the gated acts and art. 15
under /tilgang/ (``access:…``), the audit review under /revisjon/
(``audit:review``) and the resident list, overview and closure under /beboere/
(``stays:…``). Identifiers go in POST bodies; URLs hold opaque integer ids.
"""

from django.urls import path

from oversight.views import art15, audit_review, breakglass, closure, gated, residents, start

root_patterns = [
    path("", start.home, name="home"),
    path("healthz", start.healthz, name="healthz"),
]

access_patterns = [
    path("nodtilgang/", breakglass.break_glass, name="break_glass"),
    path("nodtilgang/<int:pk>/", breakglass.break_glass_opened, name="break_glass_opened"),
    path("nodtilgang/gjennomgang/", breakglass.break_glass_queue, name="break_glass_queue"),
    path(
        "nodtilgang/gjennomgang/<int:pk>/",
        breakglass.break_glass_review,
        name="break_glass_review",
    ),
    path("adresse/<int:pk>/", gated.address_request, name="address_request"),
    path("beboerliste/<int:pk>/", gated.resident_export, name="resident_export"),
    path(
        "beboerliste/<int:pk>/last-ned/",
        gated.resident_export_download,
        name="resident_export_download",
    ),
    path("innsyn/", art15.access_report, name="access_report"),
]

audit_patterns = [
    path("gjennomgang/", audit_review.review_page, name="review"),
]

stays_patterns = [
    path("", residents.resident_list, name="resident_list"),
    path("<int:pk>/", residents.overview, name="overview"),
    path("<int:pk>/avslutt/", closure.close, name="close"),
]

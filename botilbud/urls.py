"""Routes. Every view is tagged in the access policy; untagged routes answer 404.

A namespace is a part of the site, not an app: the top app ``oversight``
serves pages that compose the apps below it, and they keep the URL names of
the part of the site they belong to (``access:break_glass``, ``audit:review``,
``stays:overview``). Each such namespace is the lower app's routes plus
``oversight``'s, joined here, because a lower app's ``urls`` may not import
the app above it (tests/test_layers.py). In the same way, ``stays`` serves
the answer to a proposal and a withdrawal in ``referrals``' namespace,
since both create or end a stay.
"""

from django.urls import include, path
from django.views.i18n import set_language

import access.urls
import referrals.urls
import stays.urls
from access.admin import site as admin_site
from oversight import urls as oversight_urls

urlpatterns = [
    *oversight_urls.root_patterns,
    path("accounts/", include("allauth.urls")),
    path("konto/", include("access.signin.urls")),
    path("revisjon/", include((oversight_urls.audit_patterns, "audit"))),
    path("botilbud/", include("housing.urls")),
    path("rutiner/", include("routines.urls")),
    path(
        "inntak/",
        include(([*referrals.urls.urlpatterns, *stays.urls.referrals_patterns], "referrals")),
    ),
    path("radgivning/", include("advisory.urls")),
    path("beboere/", include(([*oversight_urls.stays_patterns, *stays.urls.urlpatterns], "stays"))),
    path("oppfolging/", include("followup.urls")),
    path("vedtak/", include("decisions.urls")),
    path("dokumenter/", include("documents.urls")),
    path("moter/", include("meetings.urls")),
    path("rapportering/", include("reporting.urls")),
    path(
        "tilgang/",
        include(([*oversight_urls.access_patterns, *access.urls.urlpatterns], "access")),
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin_site.urls),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

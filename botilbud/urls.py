"""Routes. Every view is tagged in the access policy; untagged routes answer 404."""

from django.urls import include, path
from django.views.i18n import set_language

from access.admin import site as admin_site
from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("konto/", include("access.signin.urls")),
    path("revisjon/", include("audit.urls")),
    path("botilbud/", include("housing.urls")),
    path("inntak/", include("referrals.urls")),
    path("beboere/", include("stays.urls")),
    path("oppfolging/", include("followup.urls")),
    path("rapportering/", include("reporting.urls")),
    path("tilgang/", include("access.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin_site.urls),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

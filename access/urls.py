"""Routes of two-person approval under /tilgang/: opaque integer ids only.

The other pages under /tilgang/ (break-the-glass, the gated acts, art. 15)
are ``oversight``'s; ``botilbud/urls.py`` mounts both lists in the ``access``
namespace, so their URL names stay ``access:…``.
"""

from django.urls import path

from access import views

app_name = "access"

urlpatterns = [
    path("godkjenninger/", views.approval_list, name="approval_list"),
    path("godkjenninger/<int:pk>/", views.approval_detail, name="approval_detail"),
    path("godkjenninger/<int:pk>/godkjenn/", views.approval_approve, name="approval_approve"),
    path("godkjenninger/<int:pk>/avsla/", views.approval_reject, name="approval_reject"),
]

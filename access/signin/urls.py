"""Routes under /konto/: the second-factor notice and enrolment links (aktiveringslenke).

The namespace stays ``accounts`` (``accounts:enrol``…): the names are the
routes' keys in the access tags, the docs and the route samples, and the
pages are the users' own, whichever app serves them.
"""

from django.urls import path

from access.signin import views

app_name = "accounts"
urlpatterns = [
    path("to-trinn/", views.mfa_required, name="mfa_required"),
    path("aktiver/", views.enrol, name="enrol"),
    path("aktiver/ferdig/", views.enrolled, name="enrolled"),
    path("aktiver/<str:token>/", views.enrol_link, name="enrol_link"),
]

from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("opphold/<int:stay_id>/", views.stay_documents, name="stay_documents"),
    path(
        "opphold/<int:stay_id>/<int:document_id>/last-ned/",
        views.stay_document_download,
        name="stay_document_download",
    ),
    path("person/<int:person_id>/", views.person_documents, name="person_documents"),
    path(
        "person/<int:person_id>/<int:document_id>/last-ned/",
        views.person_document_download,
        name="person_document_download",
    ),
]

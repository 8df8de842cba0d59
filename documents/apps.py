from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Dokumenter i saken (the documents of a case)."""

    name = "documents"
    verbose_name = _("Dokumenter")

    def ready(self) -> None:
        from stays.tabs import TabSpec, register

        register(
            TabSpec(
                65,
                _("Dokumenter"),
                "documents:stay_documents",
                model="documents.DocumentStay",
                covers=("documents:stay_document_download",),
            )
        )

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("revisjonslogg")

    def ready(self) -> None:
        # The review's "outside own organisation" check: housing objects
        # belong to their offer's municipality, by the same paths the access
        # policy scopes them with. Other apps register their own resolvers.
        if apps.is_installed("housing"):
            from access import policy
            from audit.review import register_path_resolver

            for label, path in policy._HOUSING_MUNICIPALITY_PATHS.items():
                register_path_resolver(label, path)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oversight"
    verbose_name = _("Oversikt og tilsyn")

    def ready(self) -> None:
        # The deploy check that a break-the-glass alert reaches someone.
        from oversight import checks  # noqa: F401

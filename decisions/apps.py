from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    """Vedtak og individuell plan (individual decisions and individual plan)."""

    name = "decisions"
    verbose_name = _("Vedtak og individuell plan")

    def ready(self) -> None:
        from stays.tabs import TabSpec, register

        register(
            TabSpec(
                47,
                _("Vedtak og IP"),
                "decisions:decisions",
                model="decisions.DecidedStay",
                covers=(
                    "decisions:decision_create",
                    "decisions:decision_edit",
                    "decisions:plan_edit",
                ),
            ),
        )

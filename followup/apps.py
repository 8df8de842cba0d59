from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """Oppfølging (follow-up during the stay)."""

    name = "followup"
    verbose_name = _("Oppfølging")

    def ready(self) -> None:
        from stays.tabs import TabSpec, register

        model = "followup.FollowedStay"
        register(
            TabSpec(
                20,
                _("Plan"),
                "followup:plan",
                model=model,
                covers=(
                    "followup:plan_edit",
                    "followup:goal_create",
                    "followup:action_create",
                    "followup:progress_set",
                    "followup:evaluation_create",
                    "followup:areas",
                    "followup:areas_edit",
                ),
            ),
            TabSpec(
                30,
                _("Kontaktlogg"),
                "followup:contacts",
                model=model,
                covers=("followup:contact_create",),
            ),
            TabSpec(
                40,
                _("Sikkerhet"),
                "followup:security",
                model=model,
                covers=(
                    "followup:security_edit",
                    "followup:measures",
                    "followup:measure_create",
                    "followup:measure_edit",
                    "followup:threat_change_create",
                ),
            ),
        )

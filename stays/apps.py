from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaysConfig(AppConfig):
    """Opphold (stays)."""

    name = "stays"
    verbose_name = _("Opphold")

    def ready(self) -> None:
        from stays.tabs import TabSpec, register

        # The overview's route is oversight's, mounted in this namespace
        # (botilbud/urls.py); the household and the move-out are its sections,
        # and the forms under them count as those tabs.
        register(
            TabSpec(
                10,
                _("Oversikt"),
                "stays:overview",
                covers=(
                    "stays:notes",
                    "stays:timetable",
                    "stays:timetable_item_create",
                    "stays:timetable_item_edit",
                    "stays:move_in",
                    "stays:partner_add",
                    "stays:partner_remove",
                    "stays:housing_plan",
                ),
            ),
            TabSpec(
                50,
                _("Husstand"),
                "stays:overview",
                anchor="#arrival",
                covers=("stays:household_add", "stays:household_remove"),
            ),
            TabSpec(
                70,
                _("Utflytting"),
                "stays:overview",
                anchor="#moveout",
                covers=(
                    "stays:planned_move_out",
                    "stays:transfer",
                    "stays:move_out",
                    "stays:aftercare",
                    "stays:close",
                ),
            ),
        )

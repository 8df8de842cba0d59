from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Ansvarsgruppe og strategimøter (responsibility groups and strategy meetings)."""

    name = "meetings"
    verbose_name = _("Møter")

    def ready(self) -> None:
        from stays.tabs import TabSpec, register

        register(
            TabSpec(
                45,
                _("Møter"),
                "meetings:meetings",
                model="meetings.MeetingStay",
                covers=(
                    "meetings:meeting_create",
                    "meetings:meeting_detail",
                    "meetings:minutes_edit",
                    "meetings:participant_add",
                    "meetings:task_create",
                    "meetings:task_done",
                    "meetings:consent_create",
                    "meetings:consent_withdraw",
                ),
            )
        )

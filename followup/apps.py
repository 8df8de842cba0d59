from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """Oppfølging (follow-up during the stay)."""

    name = "followup"
    verbose_name = _("Oppfølging")

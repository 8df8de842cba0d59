from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """Henvendelser, kartlegging, samtykke, trusselvurdering og tildeling (inquiries, assessment, consent, threat assessment, allocation)."""

    name = "referrals"
    verbose_name = _("Henvendelser og tildeling")

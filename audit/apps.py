from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Revisjonslogg. The review's resolvers come from core.ownership (audit/review.py)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("revisjonslogg")

    def ready(self) -> None:
        # The audit log listens to the sign-in signals (audit.signals).
        from audit import signals  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "oversight"
    verbose_name = _("Oversikt og tilsyn")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        # The deploy check that a break-the-glass alert reaches someone.
        from oversight import checks  # noqa: F401
        from oversight.retention import reopen_on_write, rule_models

        # Something saved under an anchor retention has emptied makes the
        # nightly run judge that anchor again (oversight.retention).
        for model in rule_models():
            uid = f"retention:{model._meta.label}"
            post_save.connect(reopen_on_write, sender=model, dispatch_uid=uid)

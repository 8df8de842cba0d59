from django.apps import AppConfig


class AccessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "access"

    def ready(self) -> None:
        # Register the scopes of the access app's own models with the policy,
        # and the deploy check that a break-the-glass alert reaches someone.
        from access import approvals, breakglass, checks  # noqa: F401

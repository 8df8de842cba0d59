from django.apps import AppConfig


class AccessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "access"

    def ready(self) -> None:
        # Register the scopes of the access app's own models with the policy.
        from access import approvals, breakglass  # noqa: F401

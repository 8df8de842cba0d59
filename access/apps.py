from django.apps import AppConfig


class AccessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "access"

    def ready(self) -> None:
        # Register the scopes with the policy: one per model from the access
        # table (access.scopes), and the approval requests' own (access.approvals);
        # and the deploy check that a break-the-glass alert reaches someone.
        from access import approvals, breakglass, checks, scopes  # noqa: F401

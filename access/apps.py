from django.apps import AppConfig


class AccessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "access"

    def ready(self) -> None:
        # Register the scopes with the policy: one per model from the access
        # table (access.scopes), and the approval requests' own (access.approvals).
        from access import approvals, scopes  # noqa: F401

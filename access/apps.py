from django.apps import AppConfig


class AccessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "access"

    def ready(self) -> None:
        # Register the scopes with the policy: one per model from the access
        # table (access.scopes), and the approval requests' own (access.approvals).
        # The admin pages of users and organisations (access.accounts_admin)
        # and the sign-in receivers (access.signin.signals) register here:
        # accounts only holds who is who.
        from access import accounts_admin, approvals, policy, scopes  # noqa: F401
        from access.signin import signals  # noqa: F401
        from audit.services import mark_break_glass_reads_with

        # The audit log marks rows read through break-the-glass by asking
        # the policy, which it cannot import (it sits below access).
        mark_break_glass_reads_with(policy.break_glass_covers)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Every follow-up object type the audit log names -> its offer's municipality,
# so the audit review can flag reads from outside the owning organisation.
AUDITED_MUNICIPALITY_PATHS = {
    # The follow-up pages audit their reads on the stay (followup.reads).
    "followup.FollowedStay": "offer__municipality",
    "followup.SecurityConversation": "stay__offer__municipality",
    "followup.ConversationItem": "conversation__stay__offer__municipality",
    "followup.CrisisScenario": "stay__offer__municipality",
    "followup.SecurityMeasure": "stay__offer__municipality",
    "followup.ThreatChange": "stay__offer__municipality",
    "followup.ActionPlan": "stay__offer__municipality",
    "followup.PlanGoal": "plan__stay__offer__municipality",
    "followup.PlanAction": "goal__plan__stay__offer__municipality",
    "followup.PlanEvaluation": "plan__stay__offer__municipality",
    "followup.FollowupArea": "stay__offer__municipality",
    "followup.Contact": "stay__offer__municipality",
}


class FollowupConfig(AppConfig):
    """Oppfølging (follow-up during the stay)."""

    name = "followup"
    verbose_name = _("Oppfølging")

    def ready(self) -> None:
        from audit.review import register_path_resolver

        for label, path in AUDITED_MUNICIPALITY_PATHS.items():
            register_path_resolver(label, path)

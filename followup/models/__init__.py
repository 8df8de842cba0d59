"""Follow-up records, each hanging off a ``stays.Stay``.

Free text that says something about the resident (notes, reasons, the
resident's own words, the crisis plan, threat details) is encrypted in the
application (``EncryptedTextField``); only dates, statuses, minutes and
choices stay plain, so reports can count without decrypting anything.

One module per page group (``security``, ``plan``, ``areas``, ``contacts``);
import from ``followup.models``.
"""

from followup.models.areas import (
    Area,
    AreaStatus,
    FollowupArea,
)
from followup.models.contacts import (
    MAX_MINUTES,
    Contact,
    ContactCorrection,
    ContactTheme,
    Theme,
)
from followup.models.plan import (
    ActionPlan,
    PlanAction,
    PlanEvaluation,
    PlanGoal,
    Progress,
)
from followup.models.security import (
    ChecklistItem,
    ConversationItem,
    CrisisScenario,
    FollowedStay,
    SecurityConversation,
    SecurityMeasure,
    ThreatChange,
)

__all__ = [
    "MAX_MINUTES",
    "ActionPlan",
    "Area",
    "AreaStatus",
    "ChecklistItem",
    "Contact",
    "ContactCorrection",
    "ContactTheme",
    "ConversationItem",
    "CrisisScenario",
    "FollowedStay",
    "FollowupArea",
    "PlanAction",
    "PlanEvaluation",
    "PlanGoal",
    "Progress",
    "SecurityConversation",
    "SecurityMeasure",
    "Theme",
    "ThreatChange",
]

"""Writes for the follow-up during the stay.

Every function is atomic, checks the domain rules, validates with
``full_clean()`` and writes its audit row in the same transaction (field
names only, never the encrypted text). Callers have already fetched the stay
through the policy (``selectors.stay_get``); these functions check the rules.

Split by page group; import from here: ``from followup import services``.
"""

from followup.services.areas import areas_save
from followup.services.contacts import (
    contact_correct,
    contact_create,
    may_correct_contact,
    stay_is_open,
)
from followup.services.plan import (
    action_create,
    evaluation_create,
    goal_create,
    plan_save,
    progress_set,
)
from followup.services.security import (
    MEASURE_FIELDS,
    conversation_save,
    measure_save,
    threat_change_create,
)

__all__ = [
    "MEASURE_FIELDS",
    "action_create",
    "areas_save",
    "contact_correct",
    "contact_create",
    "conversation_save",
    "evaluation_create",
    "goal_create",
    "may_correct_contact",
    "measure_save",
    "plan_save",
    "progress_set",
    "stay_is_open",
    "threat_change_create",
]

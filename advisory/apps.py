from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisoryConfig(AppConfig):
    """Råd og veiledning (advice and guidance): the competence team's advisory contacts and courses.

    Most of what the team does is advice, not places: a service, a relative
    or the person asks, the team advises, refers or contacts the police, and
    only some contacts become an inquiry for a place (``referrals.Inquiry``).
    """

    name = "advisory"
    verbose_name = _("Råd og veiledning")

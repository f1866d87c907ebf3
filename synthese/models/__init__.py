"""The synthèse (``synthese.py``) and the action plan (``plan_action.py``)."""

from .partage import *  # noqa: F403
from .plan_action import *  # noqa: F403
from .synthese import *  # noqa: F403

"""Matrix rows of the synthèse app, one module per feature."""

from tests.synthese.lignes_attestations import LIGNES as ATTESTATIONS
from tests.synthese.lignes_plan import LIGNES as PLAN
from tests.synthese.lignes_redaction import LIGNES as REDACTION

LIGNES = [*REDACTION, *PLAN, *ATTESTATIONS]

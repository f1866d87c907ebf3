"""Matrix rows of the dossiers, one module per feature (see beneficiaires/urls/)."""

from tests.beneficiaires.lignes_administration import LIGNES as ADMINISTRATION
from tests.beneficiaires.lignes_convention import LIGNES as CONVENTION
from tests.beneficiaires.lignes_dossiers import LIGNES as DOSSIERS
from tests.beneficiaires.lignes_portail import LIGNES as PORTAIL

LIGNES = [*DOSSIERS, *PORTAIL, *ADMINISTRATION, *CONVENTION]

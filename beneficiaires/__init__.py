"""Beneficiaries, the bilan dossier, entretien préalable, consent, funding, conventions."""

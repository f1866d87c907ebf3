"""The dossier declares its content to the retention engine (domain.md, R6313-7)."""

from beneficiaires import models
from bilan import retention


def test_entretien_prealable_is_bilan_content_destroyed_at_the_end() -> None:
    entries = {(r.model, r.categorie) for r in retention.registrations()}
    assert (models.EntretienPrealable, retention.Categorie.CONTENU) in entries


def test_consent_and_funding_are_administrative_proof() -> None:
    entries = {(r.model, r.categorie) for r in retention.registrations()}
    for proof in (models.Consentement, models.FinancementCPF, models.ContratAutofinancement):
        assert (proof, retention.Categorie.PREUVE) in entries


def test_every_registered_bilan_path_resolves_to_a_bilan() -> None:
    for entry in retention.registrations():
        model = entry.model
        for name in entry.bilan_path.split("__"):  # e.g. "seance__bilan"
            model = model._meta.get_field(name).related_model
        assert model is models.Bilan, entry


def test_convention_signatures_and_links_are_administrative_proof() -> None:
    entries = {(r.model, r.categorie, r.bilan_path) for r in retention.registrations()}
    assert (models.Convention, retention.Categorie.PREUVE, "bilan") in entries
    for proof in (models.SignatureConvention, models.LienSignature):
        assert (proof, retention.Categorie.PREUVE, "convention__bilan") in entries

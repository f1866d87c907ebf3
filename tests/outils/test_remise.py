"""The hand-over of the results (seed 004, Document de synthèse: every result of the
investigation is handed to the beneficiary) and what the beneficiary sees before and after
(seances.outils.services.remise)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bilan.audit.models import AuditEvent
from seances.outils import remise, services
from seances.outils.errors import OutilsError
from seances.outils.models import DossierOutils
from seances.outils.selectors import (
    criteres_visible_to,
    entrees_visible_to,
    inventaire,
    matrices_visible_to,
    scenarios_visible_to,
)


@pytest.fixture
def revue(outils_competence, consultant):
    return services.competence_review(
        competence=outils_competence,
        consultant=consultant,
        niveau_consultant=2,
        commentaire="Commentaire réservé",
    )


@pytest.fixture
def tout(revue, outils_exigence, outils_scenario):
    return DossierOutils.objects.get(pk=revue.dossier_id)


def test_before_hand_over_the_beneficiary_sees_timeline_and_own_inventory_only(tout, beneficiaire):
    assert entrees_visible_to(beneficiaire).count() == 1
    (c,) = inventaire(user=beneficiaire, dossier=tout)
    assert (c.niveau_auto, c.niveau_consultant, c.commentaire_consultant) == (3, None, "")
    assert matrices_visible_to(beneficiaire).count() == 0
    assert scenarios_visible_to(beneficiaire).count() == 0
    assert (
        criteres_visible_to(beneficiaire).count() == 1
    )  # the weights are the beneficiary's to choose


def test_the_consultant_always_sees_everything(tout, consultant):
    (c,) = inventaire(user=consultant, dossier=tout)
    assert (c.niveau_consultant, c.commentaire_consultant) == (2, "Commentaire réservé")
    assert matrices_visible_to(consultant).count() == 1


def test_after_hand_over_the_beneficiary_sees_everything(tout, beneficiaire, consultant):
    faits = services.resultats_remettre(bilan=tout.bilan, consultant=consultant)
    outils = next(f for f in faits if f.libelle.startswith("Outils d'investigation"))
    # 1 period, 1 competence, 1 matrix, 1 scenario
    assert outils.nombre == 4
    tout.refresh_from_db()
    assert tout.remis and tout.remis_par_id == consultant.pk
    (c,) = inventaire(user=beneficiaire, dossier=tout)
    assert (c.niveau_consultant, c.commentaire_consultant) == (2, "Commentaire réservé")
    assert matrices_visible_to(beneficiaire).count() == 1
    assert scenarios_visible_to(beneficiaire).count() == 1
    assert AuditEvent.objects.filter(event="outils.results_handed_over").count() == 1


def test_hand_over_never_opens_to_administrators(tout, consultant, admin, superuser):
    services.resultats_remettre(bilan=tout.bilan, consultant=consultant)
    for user in (admin, superuser):
        assert entrees_visible_to(user).count() == 0
        assert matrices_visible_to(user).count() == 0


def test_hand_over_calls_every_registered_remise_in_one_transaction(tout, consultant, monkeypatch):
    appels = []

    def echoue(bilan, user):
        appels.append(bilan.pk)
        raise OutilsError("boom", "Refusé.")

    monkeypatch.setattr(remise, "_remises", [*remise._remises])
    remise.register_remise(libelle="Essai", remettre=echoue)
    with pytest.raises(OutilsError):
        services.resultats_remettre(bilan=tout.bilan, consultant=consultant)
    assert appels == [tout.bilan_id]
    tout.refresh_from_db()
    assert not tout.remis
    assert not AuditEvent.objects.filter(event="outils.results_handed_over").exists()


def test_hand_over_refused_to_another_consultant(tout, autre_consultant):
    with pytest.raises(OutilsError) as exc:
        services.resultats_remettre(bilan=tout.bilan, consultant=autre_consultant)
    assert exc.value.code == "not_assigned"
    tout.refresh_from_db()
    assert not tout.remis


def test_hand_over_button_posts_and_the_portal_then_shows_the_results(
    tout, client_de, consultant, beneficiaire
):
    portail = reverse("portail:outils_portail", args=[tout.bilan_id])
    page = client_de(beneficiaire).get(portail).content.decode()
    assert "Commentaire réservé" not in page and "Responsable logistique" not in page
    consultant_client = client_de(consultant)
    url = reverse("backoffice:outils_remise", args=[tout.bilan_id])
    confirmation = consultant_client.get(url).content.decode()
    assert "Confirmer la remise des résultats" in confirmation
    assert "Outils d&#x27;investigation (parcours" in confirmation
    response = consultant_client.post(url, follow=True)
    assert "Les résultats sont remis au bénéficiaire" in response.content.decode()
    page = client_de(beneficiaire).get(portail).content.decode()
    assert "Commentaire réservé" in page
    assert "Responsable logistique" in page and "Logistique d&#x27;entrepôt" in page


def test_second_hand_over_keeps_the_first_date(tout, consultant):
    services.resultats_remettre(bilan=tout.bilan, consultant=consultant)
    tout.refresh_from_db()
    premier = tout.remis_le
    services.resultats_remettre(bilan=tout.bilan, consultant=consultant)
    tout.refresh_from_db()
    assert tout.remis_le == premier

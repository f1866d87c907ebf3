"""The administrators' screens (metadata only) and the operators' command."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone

from bilan.audit.models import AuditEvent
from bilan.audit.services import audit_record
from bilan.conservation.models import DemandeDroit, Destruction, DestructionLot, Execution
from bilan.conservation.services import conservation_purger, demande_enregistrer
from seances.models import NoteSeance

pytestmark = pytest.mark.django_db


def _requetes(client, url: str) -> int:
    client.get(url)  # the session's first save is not the page's
    with CaptureQueriesContext(connection) as ctx:
        reponse = client.get(url)
    assert reponse.status_code == 200
    if hasattr(reponse, "streaming_content"):
        b"".join(reponse.streaming_content)
    return len(ctx.captured_queries)


def _destructions(n: int, depart: int = 0) -> None:
    for i in range(depart, depart + n):
        d = Destruction.objects.create(
            bilan_id=1000 + i, reference=f"BC-2026-{i:05d}", categorie="contenu"
        )
        DestructionLot.objects.create(
            destruction=d, modele="seances.noteseance", lignes=3, fichiers=0
        )


def test_dashboard_lists_what_goes_within_30_days_by_reference(client_de, admin, bilan_termine):
    page = client_de(admin).get(reverse("administration:conservation_tableau")).content.decode()
    assert bilan_termine.reference in page
    assert "Contenu du bilan" in page
    assert "Preuve administrative" not in page  # four years away
    assert "Sophie" not in page and "Durand" not in page  # no name, no content
    assert "logistique" not in page


def test_dashboard_shows_the_last_runs_and_their_errors(client_de, admin):
    Execution.objects.create(
        mode="planifiee", statut="erreurs", lignes=12, erreurs=["fichier x.pdf : OSError"]
    )
    page = client_de(admin).get(reverse("administration:conservation_tableau")).content.decode()
    assert "fichier x.pdf : OSError" in page
    assert "Terminée avec des erreurs" in page


def test_dashboard_has_no_way_to_postpone(client_de, superuser):
    reponse = client_de(superuser).post(reverse("administration:conservation_tableau"))
    assert reponse.status_code == 405
    page = client_de(superuser).get(reverse("administration:conservation_tableau"))
    assert "<form" not in page.content.decode().split('id="contenu"')[1]


def test_no_url_command_flag_or_admin_site_postpones_a_purge(settings):
    from bilan.conservation.management.commands.retention import Command

    noms = " ".join(n for n in get_resolver().reverse_dict if isinstance(n, str))
    for mot in ("report", "suspend", "conserver", "prolonger_conservation", "exempt"):
        assert mot not in noms
    options = {a.dest for a in Command().create_parser("manage.py", "retention")._actions}
    assert options - {
        "help",
        "version",
        "verbosity",
        "settings",
        "pythonpath",
        "traceback",
        "no_color",
        "force_color",
        "skip_checks",
    } == {"dry_run"}
    assert "django.contrib.admin" not in settings.INSTALLED_APPS


def test_register_filters_and_counts_queries_independently_of_its_length(client_de, admin):
    client = client_de(admin)
    url = reverse("administration:conservation_registre")
    _destructions(1)
    une = _requetes(client, url)
    _destructions(2, depart=1)
    assert _requetes(client, url) == une
    page = client.get(url, {"reference": "00002"}).content.decode()
    assert "BC-2026-00002" in page and "BC-2026-00001" not in page


def test_register_with_dates_in_the_wrong_order_says_so(client_de, admin):
    _destructions(1)
    page = (
        client_de(admin)
        .get(
            reverse("administration:conservation_registre"),
            {"du": "2026-05-01", "au": "2026-01-01"},
        )
        .content.decode()
    )
    assert "La date de début doit précéder la date de fin." in page
    assert "BC-2026-00000" not in page


def test_register_csv_export_is_audited(client_de, admin):
    _destructions(2)
    reponse = client_de(admin).get(
        reverse("administration:conservation_registre_csv"), {"categorie": "contenu"}
    )
    contenu = b"".join(reponse.streaming_content).decode()
    lignes = contenu.lstrip("\ufeff").strip().splitlines()
    assert lignes[0].startswith("reference;categorie;motif")
    assert len(lignes) == 3
    assert AuditEvent.objects.filter(event="conservation.registre_exporte").count() == 1


def test_journal_filters_by_actor_event_and_object_and_is_audited(client_de, admin, consultant):
    audit_record(event="seance_note.saved", actor=consultant, target=("seances.noteseance", 7))
    audit_record(event="bilan.created", actor=admin, target=("beneficiaires.bilan", 3))
    client = client_de(admin)
    url = reverse("administration:journal_liste")
    page = client.get(url, {"acteur": consultant.email}).content.decode()
    assert "seance_note.saved" in page and "bilan.created" not in page
    page = client.get(url, {"objet_type": "beneficiaires.bilan", "objet_id": "3"}).content.decode()
    assert "bilan.created" in page and "seance_note.saved" not in page
    page = client.get(url, {"evenement": "seance_"}).content.decode()
    assert "seance_note.saved" in page and "bilan.created" not in page
    assert AuditEvent.objects.filter(event="journal.consulte", actor_id=admin.pk).count() == 3


def test_journal_page_shows_every_row_it_counts(client_de, admin, consultant):
    """The viewing is recorded before the page is cut: no row falls off the page."""
    audit_record(event="bilan.created", actor=consultant, target=("beneficiaires.bilan", 5))
    page = client_de(admin).get(reverse("administration:journal_liste")).context["page"]
    evenements = [e.event for e in page.object_list]
    assert evenements == ["journal.consulte", "auth.login", "bilan.created"]
    assert page.paginator.count == len(evenements)


def test_journal_shows_french_labels_and_readable_objects(client_de, admin, consultant):
    """Events read in French (the code stays below, for the filter); objects read as their
    model's name and number: which row, never its content (domain.md, Audit log)."""
    audit_record(event="bilan.state_changed", actor=consultant, target=("beneficiaires.bilan", 2))
    audit_record(event="seance_note.saved", actor=consultant, target=("seances.noteseance", 7))
    audit_record(event="inconnu.nouveau", actor=consultant, target=("disparu.modele", 4))
    page = client_de(admin).get(reverse("administration:journal_liste")).content.decode()
    assert "<td>État du bilan modifié<br><small>bilan.state_changed</small></td>" in page
    assert "<td>Bilan n° 2</td>" in page
    assert "<td>Notes de séance enregistrées<br><small>seance_note.saved</small></td>" in page
    assert "<td>Note de séance n° 7</td>" in page
    assert "<td>inconnu.nouveau<br><small>inconnu.nouveau</small></td>" in page
    assert "<td>disparu.modele 4</td>" in page
    assert "beneficiaires.bilan" not in page


def test_every_audited_event_of_the_code_has_a_french_label():
    """A new event code gets its label here too (the viewer falls back to the code)."""
    import re
    from pathlib import Path

    from bilan.audit.libelles import EVENEMENTS

    racine = Path(__file__).resolve().parents[2]
    codes = set()
    for app in ("bilan", "beneficiaires", "seances", "synthese", "suivi"):
        for fichier in (racine / app).rglob("*.py"):
            codes |= set(re.findall(r'event="([a-z_.]+)"', fichier.read_text()))
    assert codes
    assert sorted(codes - set(EVENEMENTS)) == []


def test_journal_queries_do_not_grow_with_the_page(client_de, admin, consultant):
    client = client_de(admin)
    url = reverse("administration:journal_liste")
    audit_record(event="bilan.created", actor=consultant)
    une = _requetes(client, url)
    for _ in range(2):
        audit_record(event="bilan.created", actor=admin)
    assert _requetes(client, url) == une


def test_journal_csv_is_audited_and_holds_no_value(client_de, admin, consultant):
    audit_record(event="seance_note.saved", actor=consultant, target=("seances.noteseance", 7))
    reponse = client_de(admin).get(reverse("administration:journal_csv"))
    contenu = b"".join(reponse.streaming_content).decode()
    assert "seance_note.saved" in contenu
    assert AuditEvent.objects.filter(event="journal.exporte", actor_id=admin.pk).count() == 1


def test_request_list_queries_do_not_grow(client_de, admin, beneficiaire, autre_beneficiaire):
    client = client_de(admin)
    url = reverse("administration:rgpd_demandes")
    aujourdhui = timezone.localdate()
    demande_enregistrer(
        personne=beneficiaire, type="acces", recue_le=aujourdhui, enregistree_par=admin
    )
    une = _requetes(client, url)
    for t in ("opposition", "rectification"):
        demande_enregistrer(
            personne=autre_beneficiaire, type=t, recue_le=aujourdhui, enregistree_par=admin
        )
    assert _requetes(client, url) == une


def test_registering_a_request_received_in_the_future_says_so(client_de, admin, beneficiaire):
    reponse = client_de(admin).post(
        reverse("administration:rgpd_demande_creer"),
        {"personne": beneficiaire.pk, "type": "acces", "recue_le": "2099-01-01"},
    )
    assert reponse.status_code == 200
    assert "La date de réception ne peut pas être dans le futur." in reponse.content.decode()
    assert not DemandeDroit.objects.exists()


def test_an_extension_without_reason_is_refused_on_screen(client_de, admin, demande_rgpd):
    reponse = client_de(admin).post(
        reverse("administration:rgpd_demande_prolonger", kwargs={"pk": demande_rgpd.pk}),
        {"motif": ""},
        follow=True,
    )
    assert "Indiquez le motif de la prolongation" in reponse.content.decode()
    assert DemandeDroit.objects.get(pk=demande_rgpd.pk).prolongee_le is None


def test_menu_and_portal_home_link_to_the_screens(client_de, admin, beneficiaire, dossier):
    page = client_de(admin).get(reverse("administration:tableau")).content.decode()
    assert reverse("administration:conservation_tableau") in page
    assert reverse("administration:journal_liste") in page
    page = client_de(beneficiaire).get(reverse("portail:accueil")).content.decode()
    assert reverse("portail:rgpd_mes_donnees") in page


# --- The operators' command ---------------------------------------------------------------


def test_dry_run_lists_per_category_and_reference_and_changes_nothing(bilan_termine):
    sortie = io.StringIO()
    call_command("retention", "--dry-run", stdout=sortie)
    lignes = sortie.getvalue().splitlines()
    assert any(ligne.startswith(f"contenu\t{bilan_termine.reference}\t") for ligne in lignes)
    assert "rien n'a été modifié" in lignes[-1]
    assert NoteSeance.objects.filter(seance__bilan=bilan_termine).exists()
    assert not Execution.objects.exists()


def test_without_the_flag_the_command_runs_the_same_job(bilan_termine):
    sortie = io.StringIO()
    call_command("retention", stdout=sortie)
    assert "Purge terminée" in sortie.getvalue()
    assert not NoteSeance.objects.filter(seance__bilan=bilan_termine).exists()
    assert Execution.objects.get().mode == "commande"


def test_the_daily_job_is_scheduled(settings):
    planifie = settings.CELERY_BEAT_SCHEDULE["conservation-purge"]
    assert planifie["task"] == "bilan.conservation.tasks.conservation_purge_task"


def test_the_daily_task_runs_the_purge(bilan_termine):
    from bilan.conservation.tasks import conservation_purge_task

    pk = conservation_purge_task()
    assert Execution.objects.get(pk=pk).mode == "planifiee"
    conservation_purger()  # safe twice
    assert Destruction.objects.filter(bilan_id=bilan_termine.pk).count() == 1


def test_the_forecast_moves_with_the_clock(bilan_termine, plus_tard):
    from bilan.conservation.echeances import previsions

    dans_4_ans = previsions(jusqua=plus_tard(days=4 * 365 + 2))
    assert {p.categorie for p in dans_4_ans} == {"contenu", "preuve"}
    preuve = next(p for p in dans_4_ans if p.categorie == "preuve")
    assert preuve.echeance == timezone.localdate(bilan_termine.etat_changed_at) + timedelta(
        days=1461
    )


def test_demo_registers_one_access_request_once(admin, beneficiaire):
    from bilan.conservation.demo import demo_demande

    users = {u.email: u for u in (admin, beneficiaire)}
    ligne = [f"Demande RGPD (accès) de {beneficiaire.email} enregistrée."]
    assert demo_demande(users) == ligne
    assert demo_demande(users) == ligne  # the demo prints the same lines each time
    assert DemandeDroit.objects.get().type == "acces"


def test_dashboard_queries_do_not_grow_with_the_bilans_due(client_de, admin, bilan_termine):
    from tests.beneficiaires.factories import BilanFactory
    from tests.conservation.conftest import avec_contenu

    client = client_de(admin)
    url = reverse("administration:conservation_tableau")
    une = _requetes(client, url)
    for _ in range(2):
        avec_contenu(BilanFactory(etat="termine"))
    Execution.objects.create(mode="planifiee", statut="terminee")
    assert _requetes(client, url) == une


@pytest.mark.parametrize("texte", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_a_csv_cell_a_spreadsheet_would_run_is_opened_as_text(texte):
    # OWASP "CSV injection". The exports hold ids, dates and codes today, no typed text: the
    # guard is there for the day a column holds one.
    from bilan.conservation.views import _cellule

    assert _cellule(texte) == "'" + texte
    assert _cellule(-3) == -3
    assert _cellule("Bilan 3") == "Bilan 3"

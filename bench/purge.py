"""The retention purge at scale (issue: retention, Speed; `make bench-purge`).

10,000 bilans ended five years ago, each with its plan, 8 sessions, 16 attendance signatures,
session notes, personal work, an entretien préalable, a sealed synthèse and a sealed
attestation (two files on disk), and the consultant's and beneficiary's object permissions:
everything is past its retention. One run of the nightly job destroys it all, in batches of
1,000 rows per transaction, on PostgreSQL. Figures: ``bench/resultats/purge.json``; target
≤ 60 s with constant memory (the peak resident size is measured before and after).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TOTAL = int(os.environ.get("BENCH_BILANS", "10000"))
SEANCES = 8
LOT = 2000


def _rss_mo() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peupler() -> dict[str, int]:
    """Bulk-create the ended bilans and everything hanging from them; return the counts."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from beneficiaires.models import (
        Beneficiaire,
        Bilan,
        BilanEvenement,
        BilanUserObjectPermission,
        EntretienPrealable,
    )
    from bilan.comptes.models import Role, User
    from bilan.scelles.models import DocumentScelle
    from seances.models import Emargement, NoteSeance, Plan, Seance, TravailPersonnel

    fin = timezone.now() - timedelta(days=5 * 365)
    inutilisable = make_password(None)
    consultant = User.objects.create(
        email="consultant@mesure.test", first_name="C", last_name="N", role=Role.CONSULTANT
    )
    personnes = User.objects.bulk_create(
        [
            User(
                email=f"b{i}@mesure.test",
                first_name="Prénom",
                last_name="Nom",
                role=Role.BENEFICIAIRE,
                password=inutilisable,
            )
            for i in range(TOTAL)
        ],
        batch_size=LOT,
    )
    profils = Beneficiaire.objects.bulk_create(
        [Beneficiaire(user=u, statut_professionnel="demandeur_emploi") for u in personnes],
        batch_size=LOT,
    )
    bilans = Bilan.objects.bulk_create(
        [
            Bilan(
                reference=f"BC-2021-{i + 1:05d}",
                beneficiaire=p,
                consultant=consultant,
                etat="termine",
                financement="cpf",
                created_at=fin - timedelta(days=90),
                etat_changed_at=fin,
            )
            for i, p in enumerate(profils)
        ],
        batch_size=LOT,
    )
    BilanEvenement.objects.bulk_create(
        [BilanEvenement(bilan=b, de="conclusion", vers="termine", at=fin) for b in bilans],
        batch_size=LOT,
    )
    vue = Permission.objects.get(codename="view_bilan", content_type__app_label="beneficiaires")
    BilanUserObjectPermission.objects.bulk_create(
        [
            BilanUserObjectPermission(user=consultant, permission=vue, content_object=b)
            for b in bilans
        ],
        batch_size=LOT,
    )
    Plan.objects.bulk_create([Plan(bilan=b) for b in bilans], batch_size=LOT)
    EntretienPrealable.objects.bulk_create(
        [
            EntretienPrealable(
                bilan=b,
                besoin="Faire le point.",
                attentes="Un projet.",
                situation="Salariée.",
                objectifs="Un plan d'action.",
                format="presentiel",
                tenu_le=fin.date(),
                acteur_id=consultant.pk,
            )
            for b in bilans
        ],
        batch_size=LOT,
    )
    TravailPersonnel.objects.bulk_create(
        [
            TravailPersonnel(bilan=b, consignes="Lister.", echeance=fin.date(), minutes_prevues=60)
            for b in bilans
        ],
        batch_size=LOT,
    )
    seances = Seance.objects.bulk_create(
        [
            Seance(
                bilan=b,
                numero=n + 1,
                phase="investigation",
                intitule=f"Séance {n + 1}",
                duree_minutes=120,
            )
            for b in bilans
            for n in range(SEANCES)
        ],
        batch_size=LOT,
    )
    NoteSeance.objects.bulk_create(
        [NoteSeance(seance=s, texte="Notes confidentielles.") for s in seances[::SEANCES]],
        batch_size=LOT,
    )
    Emargement.objects.bulk_create(
        [
            Emargement(
                seance=s,
                bilan_id=s.bilan_id,
                demi_journee="matin",
                role=role,
                signataire_id=(personne.pk if role == "beneficiaire" else consultant.pk),
                signe_le=fin,
                empreinte="0" * 64,
            )
            for s, personne in zip(
                seances, (p for p in personnes for _ in range(SEANCES)), strict=True
            )
            for role in ("beneficiaire", "consultant")
        ],
        batch_size=LOT,
    )
    racine = Path(settings.MEDIA_ROOT) / "scelles" / "bench"
    racine.mkdir(parents=True, exist_ok=True)
    documents = []
    for b in bilans:
        for type_document in ("synthese", "attestation_fin"):
            reference = f"DS-{b.pk:07d}-{type_document[:4].upper()}"
            (racine / f"{reference}.pdf").write_bytes(b"%PDF-1.7 bench")
            documents.append(
                DocumentScelle(
                    reference=reference,
                    type_document=type_document,
                    bilan=b,
                    fichier=f"scelles/bench/{reference}.pdf",
                    empreinte="0" * 64,
                    taille=14,
                    emis_le=fin,
                )
            )
    DocumentScelle.objects.bulk_create(documents, batch_size=LOT)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "bilans": TOTAL,
        "seances": len(seances),
        "emargements": Emargement.objects.count(),
        "fichiers": len(documents),
    }


def main() -> None:
    media = tempfile.mkdtemp(prefix="bench-purge-")
    os.environ["BILAN_MEDIA_ROOT"] = media
    from bench.charge import django_on_fresh_database, ecrire

    django_on_fresh_database()
    from django.conf import settings

    from beneficiaires.models import BilanUserObjectPermission
    from bilan.conservation.models import Destruction
    from bilan.conservation.services import conservation_purger
    from bilan.scelles.models import DocumentScelle
    from seances.models import Emargement, Seance

    debut = time.perf_counter()
    volumes = peupler()
    chargement = time.perf_counter() - debut
    rss_avant = _rss_mo()
    charge_avant = os.getloadavg()[0]
    debut = time.perf_counter()
    execution = conservation_purger()
    duree = time.perf_counter() - debut
    rss_apres = _rss_mo()
    restant = Emargement.objects.count() + Seance.objects.count() + DocumentScelle.objects.count()
    fichiers_restants = sum(1 for _ in Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    charge = f"charge moyenne {charge_avant:.1f} puis {os.getloadavg()[0]:.1f}"
    resultats = {
        # The keys bench/readme.py reads for a timed piece of work.
        "titre": "Purge de conservation (tâche de la nuit)",
        "conditions": (
            f"{TOTAL} bilans terminés depuis 5 ans, {volumes['seances']} séances, "
            f"{volumes['emargements']} émargements, {volumes['fichiers']} fichiers, "
            f"PostgreSQL, lots de 1 000, machine partagée ({charge})"
        ),
        "duree_ms": round(duree * 1000, 1),
        "debit": f"{execution.lignes / duree:.0f} lignes/s, {execution.fichiers} fichiers",
        "reference": (
            f"mémoire max {rss_avant:.0f} → {_rss_mo():.0f} Mo pendant la purge ; "
            f"reste {restant} ligne(s), {fichiers_restants} fichier(s)"
        ),
        "cible": "≤ 60 s, mémoire constante",
        **({"ecart": f"{duree:.0f} s sur 2 cœurs partagés ({charge})"} if duree > 60 else {}),
        "volumes": volumes,
        "chargement_s": round(chargement, 1),
        "purge_s": round(duree, 1),
        "objectif_s": 60,
        "lignes_detruites": execution.lignes,
        "fichiers_detruits": execution.fichiers,
        "erreurs": execution.erreurs,
        "lignes_restantes": restant,
        "fichiers_restants": fichiers_restants,
        "permissions_du_bilan_restantes": BilanUserObjectPermission.objects.count(),
        "enregistrements_de_destruction": Destruction.objects.count(),
        "memoire_max_avant_purge_mo": round(rss_avant, 1),
        "memoire_max_apres_purge_mo": round(rss_apres, 1),
        "lot": 1000,
        # The machine is shared: its load average (1 min) around the purge.
        "charge_moyenne_avant": round(charge_avant, 1),
        "charge_moyenne_apres": round(os.getloadavg()[0], 1),
    }
    chemin = ecrire("purge", resultats)
    print(f"purge de {TOTAL} bilans : {duree:.1f} s ({execution.lignes} lignes) → {chemin}")


if __name__ == "__main__":
    main()

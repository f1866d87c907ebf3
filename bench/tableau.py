"""The consultant's dashboard under load (issue: dossiers, Speed; `make bench-tableau`).

20,000 bilans, 1,000 of them for each of the 8 simulated consultants; the 8 log in once
(password + authenticator code) and then request their dashboard all at once (pages,
filters, searches) for ``BENCH_SECONDES`` seconds, against gunicorn on PostgreSQL. A bare
view, behind the same middleware, is measured in the same run as the reference.
Figures: ``bench/resultats/tableau.json``; target p95 ≤ 150 ms.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.charge import Navigateur, charge, django_on_fresh_database, ecrire, gunicorn  # noqa: E402

TOTAL = 20_000
PAR_CONSULTANT = 1_000
UTILISATEURS = 8
MOT_DE_PASSE = "essai-mesure-2026"
SECRET_TOTP = "JBSWY3DPEHPK3PXPBENCHAAA"  # noqa: S105 (benchmark accounts only)
PRENOMS = ["Sophie", "Karim", "Léa", "Julien", "Nadia", "Thomas", "Inès", "Hugo", "Chloé", "Yanis"]
NOMS = ["Durand", "Benali", "Petit", "Bernard", "Moreau", "Lefèvre", "Roux", "Garcia", "Faure"]


def peupler() -> list[str]:
    """Create the accounts, profiles, bilans and object permissions in bulk; return the
    e-mails of the 8 consultants who will log in."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from beneficiaires.models import (
        Beneficiaire,
        Bilan,
        BilanUserObjectPermission,
        Etat,
        Financement,
    )
    from bilan.comptes.models import Role, User

    rng = random.Random(2026)
    maintenant = timezone.now()
    inutilisable = make_password(None)
    nb_consultants = TOTAL // PAR_CONSULTANT
    consultants = []
    for i in range(nb_consultants):
        c = User(
            email=f"consultant{i}@mesure.test",
            first_name="Conseil",
            last_name=f"N{i}",
            role=Role.CONSULTANT,
            password=inutilisable,
        )
        if i < UTILISATEURS:
            c.set_password(MOT_DE_PASSE)  # the only real hashes: 8 logins
        consultants.append(c)
    User.objects.bulk_create(consultants)
    consultants = list(User.objects.filter(role=Role.CONSULTANT).order_by("pk"))
    for c in consultants[:UTILISATEURS]:
        EmailAddress.objects.create(user=c, email=c.email, verified=True, primary=True)
        TOTP.activate(c, SECRET_TOTP)

    personnes = User.objects.bulk_create(
        [
            User(
                email=f"beneficiaire{i}@mesure.test",
                first_name=rng.choice(PRENOMS),
                last_name=rng.choice(NOMS),
                role=Role.BENEFICIAIRE,
                password=inutilisable,
            )
            for i in range(TOTAL)
        ],
        batch_size=2000,
    )
    profils = Beneficiaire.objects.bulk_create(
        [Beneficiaire(user=u, statut_professionnel="demandeur_emploi") for u in personnes],
        batch_size=2000,
    )
    etats, financements = Etat.values, ["", *Financement.values]
    bilans = Bilan.objects.bulk_create(
        [
            Bilan(
                reference=f"BC-2026-{i + 1:05d}",
                beneficiaire=profil,
                consultant=consultants[i // PAR_CONSULTANT],
                etat=rng.choice(etats),
                financement=rng.choice(financements),
                created_at=maintenant - timedelta(minutes=i),
                etat_changed_at=maintenant - timedelta(minutes=i // 2),
            )
            for i, profil in enumerate(profils)
        ],
        batch_size=2000,
    )
    vue = Permission.objects.get(codename="view_bilan", content_type__app_label="beneficiaires")
    modif = Permission.objects.get(codename="change_bilan", content_type__app_label="beneficiaires")
    droits = []
    for bilan, personne in zip(bilans, personnes, strict=True):
        droits += [
            BilanUserObjectPermission(
                user_id=bilan.consultant_id, permission=vue, content_object=bilan
            ),
            BilanUserObjectPermission(
                user_id=bilan.consultant_id, permission=modif, content_object=bilan
            ),
            BilanUserObjectPermission(user=personne, permission=vue, content_object=bilan),
        ]
    BilanUserObjectPermission.objects.bulk_create(droits, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does after a bulk load in production
    return [c.email for c in consultants[:UTILISATEURS]]


def chemins_du_tableau(utilisateur: int, n: int) -> str:
    """What a consultant does on the dashboard: pages, a state filter, a name search."""
    cas = n % 4
    if cas == 0:
        return "/espace/"
    if cas == 1:
        return f"/espace/?page={(n + utilisateur) % 20 + 1}"
    if cas == 2:
        return "/espace/?etat=en_cours"
    return f"/espace/?q={quote(NOMS[(n + utilisateur) % len(NOMS)])}"


def main() -> None:
    secondes = float(os.environ.get("BENCH_SECONDES", "20"))
    workers = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
    django_on_fresh_database()
    print(f"Création de {TOTAL} bilans…", flush=True)
    emails = peupler()
    with gunicorn(workers) as port:
        navigateurs = [Navigateur(port) for _ in emails]
        for nav, email in zip(navigateurs, emails, strict=True):
            nav.login(email, MOT_DE_PASSE, SECRET_TOTP)
        # Warm-up: every worker imports and connects before the measure.
        charge(navigateurs, lambda i, n: "/bench/nu/", 2)
        charge(navigateurs, chemins_du_tableau, 2)
        print(f"Vue nue, {UTILISATEURS} utilisateurs, {secondes:.0f} s…", flush=True)
        nue = charge(navigateurs, lambda i, n: "/bench/nu/", secondes).resume()
        print(f"Tableau de bord, {UTILISATEURS} utilisateurs, {secondes:.0f} s…", flush=True)
        tableau = charge(navigateurs, chemins_du_tableau, secondes).resume()
    resultats = {
        "titre": "Tableau de bord du consultant",
        "conditions": (
            f"{TOTAL} bilans dont {PAR_CONSULTANT} par consultant, {UTILISATEURS} utilisateurs "
            f"simultanés, gunicorn {workers} workers, PostgreSQL"
        ),
        "cible_p95_ms": 150,
        "tableau": tableau,
        "vue_nue": nue,
        "rapport_p50": round(tableau["p50_ms"] / nue["p50_ms"], 1),
    }
    print(ecrire("tableau", resultats))
    print(resultats)
    if tableau["erreurs"] or tableau["p95_ms"] > resultats["cible_p95_ms"]:
        sys.exit("p95 au-dessus de la cible ou pages en erreur.")


if __name__ == "__main__":
    main()

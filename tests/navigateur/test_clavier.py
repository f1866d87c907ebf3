"""Signing attendance with the keyboard alone (issue 10, Accessibility: "every form usable
with the keyboard alone (a test tabs through the signing flow)"; domain.md, Attendance:
one-time code by e-mail, same day only).

The beneficiary from "Mes séances", the consultant from "Mon agenda": Tab to the session,
Enter, Tab to "Recevoir un code…", Space, the skip link to the content, Tab to the code
field, the code typed, Tab to "Signer", Enter, the confirmation read. The beneficiary
first mistypes the code: the refusal is announced (role="alert"), the field is marked
invalid and described by it, and is corrected with the keyboard. No click, no fill: only
``page.keyboard``. On the code field and on the submit button the focus must be seen (a
solid outline of 2 px at least, WCAG 2.4.7). The clock is moved to the session's day,
after its start; the live server runs in this process and its e-mails land in
``mail.outbox``.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from seances.models import Emargement, Seance
from seances.services import plan_create, seance_schedule
from tests.beneficiaires.factories import BilanFactory, DossierFactory
from tests.factories import BeneficiaireFactory, ConsultantFactory
from tests.navigateur.parcours_support import code_recu
from tests.navigateur.test_seances_emargement import connecter
from tests.seances.outils import paris, t

pytestmark = pytest.mark.navigateur

# Enough Tab presses to cross the header and the page; more means the target is unreachable.
TABULATIONS_MAX = 40


@pytest.fixture
def codes_envoyes_sans_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """The code e-mail is sent at once, in the server's thread, instead of by a worker."""
    from seances.tasks import emargement_code_send_task

    monkeypatch.setattr(
        emargement_code_send_task, "delay", lambda **kw: emargement_code_send_task(**kw)
    )


def a_le_focus(cible: Locator) -> bool:
    return bool(cible.evaluate("el => el === document.activeElement"))


def focus_actuel(page: Page) -> str:
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return el ? `${el.tagName} ${(el.innerText || el.name || el.id || '').trim()}` : ''; }"
    )


def tabuler_jusqua(page: Page, cible: Locator) -> int:
    """Press Tab until ``cible`` has the focus; fail when it never gets it."""
    expect(cible).to_have_count(1)
    for n in range(1, TABULATIONS_MAX + 1):
        page.keyboard.press("Tab")
        if a_le_focus(cible):
            return n
    raise AssertionError(
        f"{TABULATIONS_MAX} tabulations sans atteindre {cible} (focus sur {focus_actuel(page)})"
    )


def focus_visible(cible: Locator) -> None:
    """The focused element shows it: a solid outline of 2 px at least, in a real colour.

    The platform's ring is that outline (static/css/app.css, 3 px); Pico's box-shadow ring
    is animated and still transparent when read right after the key press, so it is no
    proof either way.
    """
    style = cible.evaluate(
        "el => { const s = getComputedStyle(el); return {"
        " visible: el.matches(':focus-visible'), outline: s.outlineStyle,"
        " largeur: parseFloat(s.outlineWidth) || 0, couleur: s.outlineColor }; }"
    )
    assert style["visible"], f"pas de :focus-visible : {style}"
    assert style["outline"] not in ("none", "hidden"), f"focus invisible : {style}"
    assert style["largeur"] >= 2, f"contour de focus trop fin : {style}"
    assert style["couleur"] not in ("transparent", "rgba(0, 0, 0, 0)"), style


def aller_au_contenu(page: Page) -> None:
    """The skip link, first stop of every page: Tab, Enter, the focus is in <main>."""
    page.keyboard.press("Tab")
    lien = page.get_by_role("link", name="Aller au contenu")
    assert a_le_focus(lien), focus_actuel(page)
    focus_visible(lien)
    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()


def signer_au_clavier(page: Page, user, *, faute_de_frappe: bool = False) -> None:
    """On the signing page: code asked, read from the e-mail, typed, signed; keyboard only.
    With ``faute_de_frappe``, a wrong code first, refused, then corrected in the field."""
    matin = page.get_by_role("region", name="Matin")
    demander = matin.get_by_role("button", name="Recevoir un code pour le matin")
    tabuler_jusqua(page, demander)
    focus_visible(demander)
    page.keyboard.press("Space")
    expect(page.get_by_role("status").first).to_contain_text(
        "Un code de signature vient de vous être envoyé"
    )
    # Back on the page: the skip link, then straight to the half-day's form.
    aller_au_contenu(page)
    champ = page.get_by_role("region", name="Matin").get_by_label(
        "Code reçu par e-mail (6 chiffres)"
    )
    tabuler_jusqua(page, champ)
    focus_visible(champ)
    code = code_recu(user)
    if faute_de_frappe:
        page.keyboard.type(f"{(int(code) + 1) % 1_000_000:06d}")
        page.keyboard.press("Enter")  # Enter in the field submits its form
        expect(page.get_by_role("alert")).to_contain_text("Code incorrect. Il vous reste 4 essai")
        champ = page.get_by_role("region", name="Matin").get_by_label(
            "Code reçu par e-mail (6 chiffres)"
        )
        expect(champ).to_have_attribute("aria-invalid", "true")
        expect(champ).to_have_accessible_description(re.compile("Code incorrect"))
        aller_au_contenu(page)
        tabuler_jusqua(page, champ)
        focus_visible(champ)
        page.keyboard.press("ControlOrMeta+A")  # the wrong code is kept: replace it
    page.keyboard.type(code)
    signer = page.get_by_role("region", name="Matin").get_by_role("button", name="Signer")
    assert tabuler_jusqua(page, signer) == 1  # the button right after the field
    focus_visible(signer)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Votre émargement de la séance du")
    expect(page.get_by_role("status").first).to_contain_text("est signé.")


def test_beneficiary_and_consultant_sign_attendance_with_the_keyboard_alone(
    live_server, page: Page, codes_envoyes_sans_worker
) -> None:
    from seances.demo import programme_seed_ensure

    programme_seed_ensure()
    consultant = ConsultantFactory(first_name="Claire", last_name="Martin")
    beneficiaire = BeneficiaireFactory(first_name="Sophie", last_name="Durand")
    bilan = BilanFactory(
        beneficiaire=DossierFactory(user=beneficiaire), consultant=consultant, etat="en_cours"
    )
    plan_create(bilan=bilan, consultant=consultant)
    seance = Seance.objects.get(bilan=bilan, numero=1)
    jour = timezone.localdate() + datetime.timedelta(days=1)
    seance_schedule(
        seance=seance,
        consultant=consultant,
        date=jour,
        debut=t("09:00"),
        fin=t("11:00"),
        modalite="presentiel",
        lieu="12 rue des Lilas, Nantes",
    )
    base = live_server.url
    beneficiaire_page = page
    consultant_page = page.context.browser.new_context(base_url=base).new_page()

    with time_machine.travel(paris(jour, "09:05"), tick=True):
        # The beneficiary: "Mes séances" → the signing link of today's session.
        connecter(beneficiaire_page.context, base, beneficiaire)
        beneficiaire_page.goto(f"{base}/portail/seances/")
        lien = beneficiaire_page.get_by_role("link", name=f"Signer l'émargement {seance.intitule}")
        tabuler_jusqua(beneficiaire_page, lien)
        focus_visible(lien)
        beneficiaire_page.keyboard.press("Enter")
        expect(beneficiaire_page).to_have_url(f"{base}/portail/seances/{seance.pk}/emargement/")
        signer_au_clavier(beneficiaire_page, beneficiaire, faute_de_frappe=True)
        expect(beneficiaire_page).to_have_url(f"{base}/portail/seances/")
        expect(beneficiaire_page.get_by_text("émargement signé")).to_be_visible()

        # The consultant: "Mon agenda" → the session → its signing link.
        connecter(consultant_page.context, base, consultant)
        consultant_page.goto(f"{base}/espace/agenda/")
        vers_seance = consultant_page.get_by_role(
            "link", name=f"09:00–11:00 · Sophie Durand · {seance.intitule}"
        )
        tabuler_jusqua(consultant_page, vers_seance)
        focus_visible(vers_seance)
        consultant_page.keyboard.press("Enter")
        expect(consultant_page).to_have_url(f"{base}/espace/seances/{seance.pk}/")
        lien = consultant_page.get_by_role("link", name="Signer l'émargement")
        tabuler_jusqua(consultant_page, lien)
        focus_visible(lien)
        consultant_page.keyboard.press("Enter")
        expect(consultant_page).to_have_url(f"{base}/espace/seances/{seance.pk}/emargement/")
        signer_au_clavier(consultant_page, consultant)
        expect(consultant_page).to_have_url(f"{base}/espace/seances/{seance.pk}/")
        expect(
            consultant_page.get_by_role("region", name="Émargement").get_by_role("listitem")
        ).to_have_count(2)

    assert Emargement.objects.filter(seance=seance).count() == 2
    assert set(Emargement.objects.filter(seance=seance).values_list("role", flat=True)) == {
        "beneficiaire",
        "consultant",
    }

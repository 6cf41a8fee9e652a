"""The clinician console with a patient in a second browser context, against the real stack."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, Widget, shot
from tests.conftest import create_clinician

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HAS_CLINICIAN_BACKEND = (ROOT / "api" / "cli.py").exists() and (
    ROOT / "api" / "routers" / "clinician.py"
).exists()
needs_clinicians = pytest.mark.skipif(
    not HAS_CLINICIAN_BACKEND,
    reason="backend soignant (api/cli.py, /api/v1/clinician, /ws/clinician) pas encore livré (issue 6)",
)


def new_clinician(stack, name: str = "Dre Hélène Marchand") -> tuple[str, str]:
    login, password = "test-" + uuid.uuid4().hex[:8], "Mot-de-passe-" + uuid.uuid4().hex[:12]
    create_clinician(stack, login, name, password)
    return login, password


def log_in(page, login: str, password: str) -> None:
    page.goto("/console/")
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="File d'attente")).to_be_visible()


@needs_clinicians
def test_patient_asks_for_a_human_and_sees_the_clinician_answer_live(new_context, stack):
    login, password = new_clinician(stack)

    patient = Widget(new_context(PHONE).new_page()).goto()
    patient.open()
    patient.consent()
    patient.say("J'ai mal à la gorge depuis hier")
    before = patient.answers().count()
    patient.page.get_by_role("button", name="Je veux parler à un humain").click()
    patient.settle(before)
    expect(patient.page.locator(".tw-status")).to_contain_text("soignant")
    conversation_id = patient.conversation_id()

    console = new_context(DESKTOP).new_page()
    log_in(console, login, password)
    expect(console.locator("#live-state")).to_have_text("En direct")
    item = console.locator(f'[data-conversation="{conversation_id}"]')
    expect(item).to_be_visible(timeout=20_000)
    item.click()
    expect(console.locator("#conv-title")).to_contain_text(conversation_id)
    expect(console.locator("#transcript")).to_contain_text("mal à la gorge")
    console.get_by_role("button", name="Prendre en charge").click()
    expect(console.locator("#action-feedback")).to_have_text("Conversation prise en charge.")

    answer = "Bonjour, ici la Dre Marchand. Avez-vous de la fièvre ?"
    console.get_by_label("Répondre au patient").fill(answer)
    console.get_by_role("button", name="Envoyer").click()

    clinician_message = patient.page.locator(".tw-msg--clinician", has_text="Avez-vous de la fièvre")
    expect(clinician_message).to_be_visible(timeout=10_000)
    expect(clinician_message.locator(".tw-msg__who")).to_contain_text("Soignant·e")
    shot(patient.page, "handoff-phone-patient-sees-clinician")

    # the patient's answer reaches the console live
    patient.input.fill("Oui, 38,5 ce matin")
    patient.input.press("Enter")
    expect(console.locator("#transcript")).to_contain_text("38,5", timeout=10_000)
    shot(console, "handoff-desktop-console")

    # change the level: the reason is mandatory
    console.get_by_label("Changer le niveau").select_option("consultation_24")
    console.get_by_role("button", name="Modifier le niveau").click()
    expect(console.locator("#level-error")).to_have_text("Indiquez le motif du changement de niveau.")
    console.get_by_label("Motif (obligatoire)").fill("Fièvre et odynophagie : à examiner sous 24 h.")
    console.get_by_role("button", name="Modifier le niveau").click()
    expect(console.locator("#action-feedback")).to_contain_text("Niveau modifié")
    expect(patient.page.locator(".tw-card__level").last).to_have_text(
        "Consultation sous 24 h", timeout=10_000
    )

    console.get_by_role("button", name="Clôturer la conversation").click()
    expect(console.locator("#action-feedback")).to_have_text("Conversation clôturée.")
    expect(patient.page.get_by_role("button", name="Nouvelle conversation")).to_be_visible(timeout=10_000)
    shot(patient.page, "handoff-phone-closed")


@needs_clinicians
def test_console_login_errors_and_appointments_panel(new_context, stack):
    page = new_context(DESKTOP).new_page()
    page.goto("/console/")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#login-error")).to_have_text("Saisissez votre identifiant et votre mot de passe.")
    page.get_by_label("Identifiant").fill("personne")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#login-error")).to_have_text("Identifiant ou mot de passe incorrect.")
    shot(page, "console-desktop-login-error")

    login, password = new_clinician(stack, name="Dr Karim Benali")
    log_in(page, login, password)
    expect(page.locator("#user-name")).to_have_text("Dr Karim Benali")
    state = page.locator("#appts-state")
    expect(state).not_to_have_text("Chargement…")
    assert state.inner_text() == "Aucun rendez-vous." or "rendez-vous" in state.inner_text()
    shot(page, "console-desktop-queue")

    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "console-phone-queue")

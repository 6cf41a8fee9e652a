"""The patient widget in a real Chromium, against the real stack (Redis, Rasa, actions, gateway)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, Widget, shot

pytestmark = pytest.mark.browser

COLD = "J'ai le nez qui coule et je tousse un peu depuis deux jours, rien d'autre"
COLD_ANSWERS = {
    "âge": "34 ans",
    "depuis": "2 jours",
    "0 à 10": "2",
    "enceinte": "Non",
    "maladie chronique": "Non",
    "traitement": "Non",
}
LEVEL_WORDS = [
    "Urgence vitale — appelez le 15",
    "Urgences — allez aux urgences maintenant",
    "Consultation sous 24 h",
    "Consultation dans les prochains jours",
    "Soins à domicile",
]


@pytest.mark.parametrize("name,viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_patient_completes_a_triage_and_sees_the_result_card(new_context, name, viewport):
    context = new_context(viewport)
    widget = Widget(context.new_page()).goto()
    widget.open()
    widget.consent()
    shot(widget.page, f"widget-{name}-1-consent-given")
    widget.say(COLD)
    widget.answer_until_result(COLD_ANSWERS)

    card = widget.card.last
    expect(card).to_be_visible()
    level = card.locator(".tw-card__level").inner_text()
    assert level in LEVEL_WORDS, level
    expect(card.get_by_role("heading", name="Pourquoi")).to_be_visible()
    expect(card).to_contain_text("pas un diagnostic")
    card.scroll_into_view_if_needed()
    shot(widget.page, f"widget-{name}-2-result")
    assert not context.recorder.csp_violations(), context.recorder.errors


def test_emergency_card_offers_tap_to_call_15_and_112(new_context):
    widget = Widget(new_context(PHONE).new_page()).goto()
    widget.open()
    widget.consent()
    widget.say("J'ai une douleur dans la poitrine qui serre et irradie dans le bras gauche")
    card = widget.card.last
    expect(card).to_be_visible(timeout=30_000)
    expect(card.locator(".tw-card__level")).to_have_text("Urgence vitale — appelez le 15")
    expect(card.locator('a[href="tel:15"]')).to_be_visible()
    expect(card.locator('a[href="tel:112"]')).to_be_visible()
    expect(card.locator('a[href="tel:15"]')).to_be_in_viewport()  # the call button is not scrolled away
    shot(widget.page, "widget-phone-emergency")


def test_reload_resumes_the_conversation(new_context):
    context = new_context(DESKTOP)
    page = context.new_page()
    widget = Widget(page).goto()
    widget.open()
    widget.consent()
    widget.say(COLD)
    conversation_id = widget.conversation_id()
    shown_before = widget.page.locator(".tw-msg").all_inner_texts()

    page.reload()
    widget = Widget(page)
    expect(widget.panel).to_be_visible()  # it was open: it reopens
    expect(page.locator(".tw-msg--patient", has_text="nez qui coule")).to_be_visible()
    assert widget.conversation_id() == conversation_id
    shown_after = page.locator(".tw-msg").all_inner_texts()
    assert shown_after[: len(shown_before)] == shown_before
    # and it goes on where it was
    before = widget.answers().count()
    widget.say("34 ans")
    assert widget.answers().count() > before
    shot(page, "widget-desktop-after-reload")


def test_keyboard_only_consent_and_message(new_context):
    page = new_context(DESKTOP).new_page()
    widget = Widget(page).goto()
    for _ in range(30):  # Tab from the top of the page to the launcher
        page.keyboard.press("Tab")
        if "tw-launcher" in widget.active().get("cls", ""):
            break
    else:
        raise AssertionError("le bouton du widget n'est pas atteignable au clavier")
    assert widget.active()["outline"] != "none", "focus invisible sur le lanceur"
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    widget.wait_first_answer()
    assert widget.active()["tag"] == "TEXTAREA", widget.active()

    for _ in range(6):  # back from the text field to the consent button
        page.keyboard.press("Shift+Tab")
        if widget.active().get("text") == "J'accepte":
            break
    else:
        raise AssertionError(f"bouton « J'accepte » non atteint : {widget.active()}")
    assert widget.active()["outline"] != "none", "focus invisible sur le bouton de réponse"
    shot(page, "widget-desktop-keyboard-focus")
    before = widget.answers().count()
    page.keyboard.press("Enter")
    widget.settle(before)
    assert widget.active()["tag"] == "TEXTAREA", "le focus doit revenir au champ après une réponse rapide"

    before = widget.answers().count()
    page.keyboard.type("J'ai mal à la gorge depuis hier")
    page.keyboard.press("Enter")
    widget.settle(before)
    expect(page.locator(".tw-msg--patient", has_text="mal à la gorge")).to_be_visible()

    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    assert "tw-launcher" in widget.active()["cls"], "Échap doit rendre le focus au lanceur"
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize("name,viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_layout_fits_phone_and_desktop(new_context, name, viewport):
    page = new_context(viewport).new_page()
    widget = Widget(page).goto()
    shot(page, f"widget-{name}-0-closed")
    widget.open()
    widget.wait_first_answer()
    width, height = viewport["width"], viewport["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = widget.panel.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height
    if name == "phone":
        assert box["width"] == width, "le panneau occupe tout l'écran du téléphone"
    for locator in (
        widget.input,
        page.get_by_role("button", name="Envoyer"),
        page.get_by_role("button", name="Je veux parler à un humain"),
        page.get_by_role("button", name="Fermer la discussion"),
        page.locator(".tw-quick__btn").first,
    ):
        expect(locator).to_be_in_viewport()
        b = locator.bounding_box()
        assert b["height"] >= 24 and b["x"] + b["width"] <= width, locator
    # the log announces new messages politely
    expect(page.get_by_role("log")).to_have_attribute("aria-live", "polite")
    shot(page, f"widget-{name}-3-open")


def test_nothing_is_loaded_from_another_origin(new_context, stack):
    context = new_context(DESKTOP)
    page = context.new_page()
    widget = Widget(page).goto()
    widget.open()
    widget.consent()
    page.goto("/console/")
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    recorder = context.recorder
    assert any(u.endswith("/widget/widget.js") for u in recorder.urls)
    assert any(u.endswith("/widget/widget.css") for u in recorder.urls)
    assert recorder.foreign(stack.gateway_url) == [], recorder.foreign(stack.gateway_url)
    assert not recorder.csp_violations(), recorder.errors
    response = page.request.get("/")
    assert "default-src 'self'" in response.headers["content-security-policy"]

"""Booking a teleconsultation from the patient widget, on a phone, against the real stack.

The same case (a urinary infection in a man) as tests/integration/test_booking.py (consultation_24), driven as a
patient would: consent, symptoms, answers (buttons or typing), then a tap on the first slot.
The clinicians' schedules come from that module's `doctor` fixture (every hour of every day),
so the test does not depend on when it runs.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Widget, shot
from tests.integration.test_booking import (  # noqa: F401  (doctor is a fixture)
    URGENT_ANSWERS,
    URGENT_FIRST,
    doctor,
)

pytestmark = pytest.mark.browser

NONE_SUITS = "Aucun ne me convient"
CLINICIANS = ("Dr Claire Martin", "Dr Karim Benali")
# "mar. 31 mars, 9 h 40 — Dr Claire Martin"
SLOT_TITLE = re.compile(
    r"^(?P<day>1er|\d{1,2}) (?P<month>\w+), (?P<time>\d{1,2} h(?: \d{2})?) — (?P<who>Dr .+)$"
)


def answer_until_slots(widget: Widget, max_turns: int = 20) -> list[str]:
    """Answer the protocol's questions (button when one fits, else typed) until slots are offered."""
    for _ in range(max_turns):
        titles = widget.quick_titles()
        if NONE_SUITS in titles:
            return titles
        status = widget.panel.get_attribute("data-status")
        assert status in (None, "bot"), f"statut {status} au lieu d'un créneau : {widget.last_answer()!r}"
        question = widget.last_answer().lower()
        reply = next((v for k, v in URGENT_ANSWERS.items() if k in question), "Non")
        button = next((t for t in titles if t.lower() == reply.lower()), None)
        if button:
            widget.pick(button)
        else:
            widget.say(reply)
    raise AssertionError(f"aucun créneau proposé après {max_turns} tours : {widget.last_answer()!r}")


@pytest.mark.usefixtures("doctor")
def test_phone_patient_books_the_first_slot_offered(new_context, twilio):
    context = new_context(PHONE)
    page = context.new_page()
    widget = Widget(page).goto()
    widget.open()
    widget.consent()
    widget.say(URGENT_FIRST)
    titles = answer_until_slots(widget)

    # The triage says "within 24 h", then three slots with a doctor's name, then "none suits me".
    expect(widget.card.last.locator(".tw-card__level")).to_have_text("Consultation sous 24 h")
    assert len(titles) == 4 and titles[-1] == NONE_SUITS, titles
    slots = [SLOT_TITLE.search(t.split(". ", 1)[-1]) for t in titles[:-1]]
    assert all(slots), titles
    assert all(s["who"] in CLINICIANS for s in slots), titles
    expect(page.locator(".tw-msg--bot", has_text="Choisissez un créneau")).to_be_visible()
    # The choices are where the patient is looking (by the text field), not scrolled away above the card.
    shot(page, "widget-phone-booking-slots")
    expect(page.locator(".tw-quick__btn").first).to_be_in_viewport()
    expect(page.locator(".tw-quick__btn", has_text=NONE_SUITS)).to_be_in_viewport()
    for button in page.locator(".tw-quick__btn").all():  # every choice fits the phone's width
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (button.inner_text(), box)
        assert box["height"] >= 44, (button.inner_text(), box)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    chosen = slots[0]
    widget.pick(titles[0])

    # The patient's bubble shows the slot's title, not its "/choisir_creneau{...}" payload.
    expect(page.locator(".tw-msg--patient").last).to_have_text(re.compile(re.escape(titles[0])))
    expect(page.locator(".tw-msg--patient", has_text="/choisir_creneau")).to_have_count(0)
    confirmation = page.locator(".tw-msg--bot", has_text="C'est réservé").last
    expect(confirmation).to_be_visible()
    text = confirmation.inner_text()
    # "C'est réservé : téléconsultation le mardi 31 mars 2026 à 9 h 40 (heure de Paris) avec Dr …"
    when = re.search(
        rf"le \w+ {chosen['day']} {chosen['month']} \d{{4}} à {chosen['time']} \(heure de Paris\)", text
    )
    assert when, (chosen.groupdict(), text)
    assert f"avec {chosen['who']}" in text, (chosen["who"], text)
    assert re.search(r"https?://\S+/visio/\S+", text), text
    expect(confirmation.locator("a[href*='/visio/']")).to_have_count(1)  # a tappable link
    assert "annuler mon rendez-vous" in text, text
    expect(page.locator(".tw-quick__btn", has_text=NONE_SUITS)).to_have_count(0)  # the offer is gone

    confirmation.scroll_into_view_if_needed()
    expect(confirmation).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = confirmation.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    shot(page, "widget-phone-booking")

    # Under the confirmation: an optional mobile number for the confirmation and a reminder by SMS.
    offer = confirmation.locator(".tw-sms")
    field = offer.get_by_label(re.compile("rappel par SMS"))
    expect(field).to_have_attribute("type", "tel")
    field.fill("12 34")
    offer.get_by_role("button", name="Valider le numéro").click()
    expect(offer.locator(".tw-sms__status")).to_contain_text("ne semble pas valide")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    assert twilio.sent_to("+33612345678") == []
    field.fill("06 12 34 56 78")
    field.press("Enter")
    expect(confirmation.locator(".tw-sms--done")).to_contain_text("rappel par SMS")
    shot(page, "widget-phone-booking-sms")
    # The scheduler sends the confirmation through Twilio's REST API (the stand-in checks it).
    sent = wait_for_sms(twilio, "+33612345678")
    assert chosen["who"] in sent["Body"] and "/visio/" in sent["Body"], sent
    # A reload shows the number as given, not the form again.
    page.reload()
    expect(Widget(page).panel).to_be_visible()  # it was open: it reopens
    expect(
        page.locator(".tw-msg--bot", has_text="C'est réservé").last.locator(".tw-sms--done")
    ).to_be_visible()
    expect(page.locator(".tw-sms__input")).to_have_count(0)
    assert not context.recorder.csp_violations(), context.recorder.errors


def wait_for_sms(twilio, e164: str, timeout_s: float = 15) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        sent = twilio.sent_to(e164)
        if sent:
            return sent[-1]
        time.sleep(0.2)
    raise AssertionError(f"no SMS to {e164} within {timeout_s} s")

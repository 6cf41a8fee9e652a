"""Teleconsultation booking and follow-up check-ins in the conversation (the gateway owns the agenda).

After a `consultation_24` or `consultation` result the assistant offers the next suitable slots
as buttons (numbered choices by SMS), books the chosen one through the gateway's internal API
and confirms date, time, clinician and join link. Emergency levels never get an offer: the
emergency advice must not compete with a booking. For `self_care` and `consultation` results it
offers a check-in 24 to 48 h later; a worsening reported in answer to that check-in goes to a
clinician, because the early alert is the point of the follow-up.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from typing import Any

import requests
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import gateway_client
from actions.gateway_client import GatewayAction
from actions.protocol import is_emergency

logger = logging.getLogger(__name__)

BOOKABLE_LEVELS = {"consultation_24", "consultation"}
CHECKIN_LEVELS = {"self_care", "consultation"}
WORSENING_INTENTS = {"aller_plus_mal", "signaler_urgence", "decrire_symptome"}

NONE_SUITS = {"title": "Aucun ne me convient", "payload": "/refuser_creneaux"}
CHECKIN_QUESTION = "Voulez-vous que je prenne de vos nouvelles dans 24 à 48 h ?"
CHECKIN_BUTTONS = [
    {"title": "Oui, volontiers", "payload": "/accepter_suivi"},
    {"title": "Non merci", "payload": "/refuser_suivi"},
]
YES_NO = [{"title": "Oui, annuler", "payload": "/affirmer"}, {"title": "Non, le garder", "payload": "/nier"}]

TEXT_AGENDA_DOWN = (
    "Je n'arrive pas à consulter l'agenda des médecins pour le moment. Réessayez dans quelques minutes "
    "en écrivant « prendre rendez-vous », ou appelez votre médecin traitant."
)
TEXT_NO_SLOT = {
    "consultation_24": (
        "Aucune téléconsultation n'est libre dans les 24 heures. Appelez votre médecin traitant ou, s'il n'est "
        "pas joignable, le 116 117 (médecin de garde). Si votre état s'aggrave, appelez le 15."
    ),
    "consultation": (
        "Je n'ai pas de créneau de téléconsultation à vous proposer dans les deux semaines. Prenez rendez-vous "
        "avec votre médecin traitant ; si votre état s'aggrave, écrivez-moi ou appelez le 15."
    ),
}
TEXT_NO_MORE = (
    "Je n'ai pas d'autre créneau à vous proposer dans le délai conseillé. Vous pouvez appeler votre médecin "
    "traitant, ou le 116 117 (médecin de garde) s'il n'est pas joignable. En cas d'urgence, appelez le 15."
)
INTRO = {
    "consultation_24": "Je peux vous réserver une téléconsultation avec un médecin dans les 24 heures. "
    "Choisissez un créneau (heure de Paris) :",
    "consultation": "Je peux vous réserver une téléconsultation avec un médecin dans les prochains jours. "
    "Choisissez un créneau (heure de Paris) :",
}
ORDINALS = [
    (re.compile(r"\b(premier|premiere|1er|1ere|1)\b"), 0),
    (re.compile(r"\b(deuxieme|second|seconde|2e|2eme|deux|2)\b"), 1),
    (re.compile(r"\b(troisieme|3e|3eme|trois|3)\b"), 2),
    (re.compile(r"\b(dernier|derniere)\b"), -1),
]


# ---- gateway calls -------------------------------------------------------------------------------


def call(
    method: str,
    path: str,
    payload: dict[str, Any] | None = None,
    params: dict[str, Any] | None = None,
    timeout: float = 4.0,
) -> tuple[int, dict[str, Any] | None]:
    """One call to the gateway's internal API: (status, JSON), or (0, None) when it cannot be reached.

    Unlike gateway_client.post, the status is kept: a 409 (slot just taken) is an answer, not a failure.
    """
    try:
        response = gateway_client._session.request(
            method,
            gateway_client._base_url() + path,
            json=payload,
            params=params,
            headers=gateway_client._headers(),
            timeout=timeout,
        )
    except requests.RequestException as exc:
        logger.error("gateway call %s failed: %s", path, type(exc).__name__)
        return 0, None
    try:
        body = response.json()
    except ValueError:
        body = None
    return response.status_code, body


def _error_code(body: dict[str, Any] | None) -> str:
    return ((body or {}).get("error") or {}).get("code") or ""


def active_appointment(conversation_id: str) -> tuple[bool, dict[str, Any] | None]:
    """(reachable, appointment or None)."""
    status, body = call("GET", f"/internal/v1/conversations/{conversation_id}/appointments/active")
    if status != 200:
        return False, None
    return True, (body or {}).get("appointment")


# ---- wording -------------------------------------------------------------------------------------------


def slot_button(slot: dict[str, Any]) -> dict[str, str]:
    payload = "/choisir_creneau" + json.dumps({"slot_id": slot["slot_id"]}, separators=(",", ":"))
    return {"title": f"{slot['short_label']} — {slot['clinician_name']}", "payload": payload}


def confirmation(appt: dict[str, Any], moved: bool = False) -> str:
    first = "C'est déplacé" if moved else "C'est réservé"
    text = (
        f"{first} : téléconsultation le {appt['label']} (heure de Paris) avec {appt['clinician_name']}.\n"
        f"Pour la rejoindre, ouvrez ce lien à l'heure du rendez-vous : {appt['join_url']}\n"
        "Pour l'annuler ou le déplacer, écrivez « annuler mon rendez-vous » ou « changer mon rendez-vous »."
    )
    if appt.get("level") == "consultation_24":
        text += " Si votre état s'aggrave d'ici là, n'attendez pas : appelez le 15."
    return text


def shown(appt: dict[str, Any]) -> dict[str, Any]:
    """What the patient's screen gets with the confirmation (the gateway's BookedAppointment)."""
    return {k: appt.get(k) for k in ("appointment_id", "label", "start", "clinician_name", "join_url")}


def _fold(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def slot_from_message(tracker: Tracker) -> str | None:
    """The chosen slot: the button's entity, or an ordinal ("le deuxième") among those offered."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "slot_id" and entity.get("value"):
            return str(entity["value"])
    offered = tracker.get_slot("creneaux_proposes") or []
    text = _fold((tracker.latest_message or {}).get("text") or "")
    if not offered or text.startswith("/"):
        return None
    for pattern, index in ORDINALS:
        if pattern.search(text) and -len(offered) <= index < len(offered):
            return offered[index]
    return None


# ---- steps shared by the actions ---------------------------------------------------------------------


def offer_slots(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    level: str,
    after: float | None = None,
    intro: str | None = None,
    purpose: str = "creneaux",
) -> list[EventType]:
    """Offer the next slots `level` may book; on none, say what to do instead."""
    params: dict[str, Any] = {"level": level, "limit": 3}
    if after is not None:
        params["after"] = after
    status, body = call("GET", f"/internal/v1/conversations/{tracker.sender_id}/slots", params=params)
    if status != 200:
        dispatcher.utter_message(text=TEXT_AGENDA_DOWN)
        return [SlotSet("proposition", None), SlotSet("creneaux_proposes", None)]
    slots = (body or {}).get("slots") or []
    if not slots:
        dispatcher.utter_message(
            text=TEXT_NO_MORE if after is not None else TEXT_NO_SLOT.get(level, TEXT_NO_MORE)
        )
        events: list[EventType] = [
            SlotSet("proposition", None),
            SlotSet("creneaux_proposes", None),
            SlotSet("creneaux_apres", None),
        ]
        if level in CHECKIN_LEVELS and purpose == "creneaux":
            events += offer_checkin(dispatcher)
        return events
    buttons = [slot_button(s) for s in slots] + [NONE_SUITS]
    dispatcher.utter_message(text=intro or INTRO.get(level, INTRO["consultation"]), buttons=buttons)
    last = datetime.fromisoformat(slots[-1]["start"]).timestamp()
    return [
        SlotSet("proposition", purpose),
        SlotSet("creneaux_proposes", [s["slot_id"] for s in slots]),
        SlotSet("creneaux_apres", last),
        SlotSet("rdv_niveau", level),
    ]


def offer_checkin(dispatcher: CollectingDispatcher) -> list[EventType]:
    dispatcher.utter_message(text=CHECKIN_QUESTION, buttons=CHECKIN_BUTTONS)
    return [SlotSet("proposition", "suivi")]


def _followup_worsening(
    dispatcher: CollectingDispatcher, tracker: Tracker, result: dict[str, Any]
) -> list[EventType] | None:
    """A re-triage that answers our check-in with a worsening: hand off (unless triage already did)."""
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    if intent not in WORSENING_INTENTS:
        return None
    status, body = call(
        "POST", f"/internal/v1/conversations/{tracker.sender_id}/checkin/answer", {"answer": "worse"}
    )
    if status != 200 or not (body or {}).get("was_pending"):
        return None
    if result.get("needs_clinician"):
        return [SlotSet("proposition", None)]  # the triage action has already handed off
    from actions.handoff import start_handoff
    from actions.triage import load_state

    dispatcher.utter_message(
        text="Merci de me l'avoir dit. Comme votre état s'est aggravé depuis notre dernier "
        "échange, je préviens un soignant."
    )
    return [SlotSet("proposition", None)] + start_handoff(
        dispatcher, tracker, result, load_state(tracker), reason="suivi_aggravation"
    )


def offer_booking(
    dispatcher: CollectingDispatcher, tracker: Tracker, result: dict[str, Any]
) -> list[EventType]:
    """Hook at the end of action_triage: what comes after the result (booking, check-in, escalation)."""
    level = result.get("level")
    escalated = _followup_worsening(dispatcher, tracker, result)
    if escalated is not None:
        return escalated
    if is_emergency(level) or result.get("needs_clinician"):
        # Emergency care first; a clinician who takes the conversation decides the rest.
        return [SlotSet("proposition", None), SlotSet("creneaux_proposes", None)]
    if level in BOOKABLE_LEVELS:
        ok, appt = active_appointment(tracker.sender_id)
        if ok and appt:
            dispatcher.utter_message(
                text=f"Vous avez déjà une téléconsultation le {appt['label']} avec "
                f"{appt['clinician_name']}. Pour la déplacer, écrivez « changer mon rendez-vous »."
            )
            return offer_checkin(dispatcher) if level in CHECKIN_LEVELS else [SlotSet("proposition", None)]
        return offer_slots(dispatcher, tracker, level)
    if level in CHECKIN_LEVELS:
        return offer_checkin(dispatcher)
    return []


def _no_level(dispatcher: CollectingDispatcher, level: str | None) -> bool:
    """Says why booking is not possible at this point; True if it is not."""
    if is_emergency(level):
        dispatcher.utter_message(
            text="Votre situation relève de l'urgence : n'attendez pas de rendez-vous. "
            "Appelez le 15 (ou le 112), ou rendez-vous aux urgences."
        )
        return True
    if not level:
        dispatcher.utter_message(
            text="Pour vous proposer un créneau adapté à votre situation, décrivez-moi "
            "d'abord vos symptômes en quelques mots."
        )
        return True
    return False


# ---- actions ----------------------------------------------------------------------------------------------


class ActionPrendreRdv(GatewayAction):
    """« Je voudrais un rendez-vous » : offer slots suited to the triage level (routine after self-care)."""

    def name(self) -> str:
        return "action_prendre_rdv"

    def run_blocking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        level = tracker.get_slot("triage_level")
        if _no_level(dispatcher, level):
            return []
        ok, appt = active_appointment(tracker.sender_id)
        if not ok:
            dispatcher.utter_message(text=TEXT_AGENDA_DOWN)
            return []
        if appt:
            dispatcher.utter_message(
                text=f"Vous avez déjà une téléconsultation le {appt['label']} avec "
                f"{appt['clinician_name']}. Pour la déplacer, écrivez « changer mon "
                "rendez-vous » ; pour l'annuler, « annuler mon rendez-vous »."
            )
            return []
        return offer_slots(dispatcher, tracker, level if level in BOOKABLE_LEVELS else "consultation")


class ActionChoisirCreneau(GatewayAction):
    """Books the chosen slot (or moves the current appointment to it); a taken slot gets fresh offers."""

    def name(self) -> str:
        return "action_choisir_creneau"

    def run_blocking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slot_id = slot_from_message(tracker)
        level = tracker.get_slot("rdv_niveau") or tracker.get_slot("triage_level")
        if _no_level(dispatcher, level):
            return []
        if not slot_id:
            dispatcher.utter_message(
                text="Choisissez un créneau avec les boutons proposés (par SMS, répondez "
                "par son numéro), ou écrivez « prendre rendez-vous »."
            )
            return []
        ok, appt = active_appointment(tracker.sender_id)
        if not ok:
            dispatcher.utter_message(text=TEXT_AGENDA_DOWN)
            return []
        moving = bool(appt) and tracker.get_slot("proposition") == "deplacement"
        if appt and not moving:
            dispatcher.utter_message(
                text=f"Vous avez déjà une téléconsultation le {appt['label']} avec "
                f"{appt['clinician_name']}. Pour la déplacer, écrivez « changer mon rendez-vous »."
            )
            return [SlotSet("proposition", None), SlotSet("creneaux_proposes", None)]
        if moving:
            status, body = call(
                "POST", f"/internal/v1/appointments/{appt['appointment_id']}/reschedule", {"slot_id": slot_id}
            )
        else:
            status, body = call(
                "POST",
                f"/internal/v1/conversations/{tracker.sender_id}/appointments",
                {"slot_id": slot_id, "level": level if level in BOOKABLE_LEVELS else "consultation"},
            )
        if status == 201 and body:
            dispatcher.utter_message(
                text=confirmation(body, moved=moving), custom={"appointment": shown(body)}
            )
            events: list[EventType] = [
                SlotSet("proposition", None),
                SlotSet("creneaux_proposes", None),
                SlotSet("creneaux_apres", None),
            ]
            if not moving and tracker.get_slot("triage_level") in CHECKIN_LEVELS:
                events += offer_checkin(dispatcher)
            return events
        if status in (404, 409) and _error_code(body) in ("slot_taken", "slot_not_offered", "unknown_slot"):
            again = level if level in BOOKABLE_LEVELS else "consultation"
            return offer_slots(
                dispatcher,
                tracker,
                again,
                intro="Ce créneau vient d'être pris (ou n'est plus disponible). Voici les prochains :",
                purpose="deplacement" if moving else "creneaux",
            )
        dispatcher.utter_message(text=TEXT_AGENDA_DOWN)
        return []


class ActionRefuserCreneaux(GatewayAction):
    """« Aucun ne me convient » : the next slots after those offered, or what to do instead."""

    def name(self) -> str:
        return "action_refuser_creneaux"

    def run_blocking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return more_slots(dispatcher, tracker)


def more_slots(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    proposition = tracker.get_slot("proposition")
    level = tracker.get_slot("rdv_niveau") or tracker.get_slot("triage_level")
    if proposition not in ("creneaux", "deplacement") or level not in BOOKABLE_LEVELS:
        dispatcher.utter_message(
            text="D'accord. Si vous souhaitez un rendez-vous plus tard, écrivez « prendre "
            "rendez-vous ». En cas d'urgence, appelez le 15 ou le 112."
        )
        return [SlotSet("proposition", None)]
    after = tracker.get_slot("creneaux_apres")
    events = offer_slots(
        dispatcher,
        tracker,
        level,
        after=float(after) if after else None,
        intro="Voici d'autres créneaux (heure de Paris) :",
        purpose=proposition,
    )
    if proposition == "deplacement" and not any(
        isinstance(e, dict) and e.get("name") == "proposition" and e.get("value") for e in events
    ):
        dispatcher.utter_message(text="Votre rendez-vous actuel est maintenu.")
    return events


class ActionDeplacerRdv(GatewayAction):
    """« Changer mon rendez-vous » : offer other slots; the current one is freed only once a new one is taken."""

    def name(self) -> str:
        return "action_deplacer_rdv"

    def run_blocking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ok, appt = active_appointment(tracker.sender_id)
        if not ok:
            dispatcher.utter_message(text=TEXT_AGENDA_DOWN)
            return []
        if not appt:
            if tracker.get_slot("proposition") == "creneaux":
                return more_slots(dispatcher, tracker)
            dispatcher.utter_message(
                text="Vous n'avez pas de rendez-vous à déplacer. Écrivez « prendre rendez-vous » "
                "pour en réserver un."
            )
            return []
        intro = (
            f"Votre rendez-vous actuel : {appt['label']} avec {appt['clinician_name']}. Choisissez un nouveau "
            "créneau (heure de Paris) ; l'actuel sera libéré, ou gardé si aucun ne vous convient :"
        )
        level = appt.get("level") or "consultation"
        return offer_slots(dispatcher, tracker, level, intro=intro, purpose="deplacement")


class ActionAnnulerRdv(GatewayAction):
    """« Annuler mon rendez-vous » : asks to confirm, since a freed slot may go to someone else at once."""

    def name(self) -> str:
        return "action_annuler_rdv"

    def run_blocking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ok, appt = active_appointment(tracker.sender_id)
        if not ok:
            dispatcher.utter_message(text=TEXT_AGENDA_DOWN)
            return []
        if not appt:
            dispatcher.utter_message(text="Vous n'avez pas de rendez-vous en cours.")
            return [SlotSet("proposition", None)]
        dispatcher.utter_message(
            text=f"Voulez-vous vraiment annuler votre téléconsultation du {appt['label']} avec "
            f"{appt['clinician_name']} ?",
            buttons=YES_NO,
        )
        return [SlotSet("proposition", "annulation")]


class ActionRepondreProposition(GatewayAction):
    """Yes or no to what was last proposed: the check-in, a cancellation, the slots."""

    def name(self) -> str:
        return "action_repondre_proposition"

    def run_blocking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        proposition = tracker.get_slot("proposition")
        if intent == "accepter_suivi" or (intent == "affirmer" and proposition == "suivi"):
            return self._checkin(dispatcher, tracker)
        if intent == "refuser_suivi" or (intent == "nier" and proposition == "suivi"):
            dispatcher.utter_message(
                text="D'accord, pas de message de suivi. Si votre état s'aggrave, écrivez-moi "
                "à nouveau ou appelez le 15 (ou le 112)."
            )
            return [SlotSet("proposition", None)]
        if proposition == "annulation":
            return self._cancel(dispatcher, tracker, confirmed=intent == "affirmer")
        if proposition in ("creneaux", "deplacement") and intent == "nier":
            # "Non" is "no booking, thanks"; the "Aucun ne me convient" button asks for other slots.
            if proposition == "deplacement":
                dispatcher.utter_message(text="D'accord, votre rendez-vous actuel est maintenu.")
                return [SlotSet("proposition", None), SlotSet("creneaux_proposes", None)]
            dispatcher.utter_message(
                text="D'accord, je ne réserve rien. Si vous changez d'avis, écrivez « prendre "
                "rendez-vous ». En cas d'urgence, appelez le 15 ou le 112."
            )
            events: list[EventType] = [SlotSet("proposition", None), SlotSet("creneaux_proposes", None)]
            if tracker.get_slot("triage_level") in CHECKIN_LEVELS:
                events += offer_checkin(dispatcher)
            return events
        if proposition in ("creneaux", "deplacement"):
            dispatcher.utter_message(
                text="Choisissez un créneau avec les boutons proposés (par SMS, répondez par son numéro)."
            )
            return []
        dispatcher.utter_message(response="utter_default")
        return []

    def _checkin(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        level = tracker.get_slot("triage_level")
        if level not in CHECKIN_LEVELS:
            dispatcher.utter_message(
                text="Je ne propose ce suivi qu'après une orientation vers des conseils ou une "
                "consultation. En cas d'urgence, appelez le 15 ou le 112."
            )
            return [SlotSet("proposition", None)]
        status, body = call(
            "POST", f"/internal/v1/conversations/{tracker.sender_id}/checkin", {"level": level}
        )
        if status != 200 or not body:
            dispatcher.utter_message(
                text="Je n'ai pas pu programmer ce message de suivi. Si votre état s'aggrave, "
                "écrivez-moi à nouveau ou appelez le 15."
            )
            return [SlotSet("proposition", None)]
        dispatcher.utter_message(
            text=f"C'est noté : je vous écrirai le {body['label']} pour prendre de vos nouvelles. "
            "D'ici là, si votre état s'aggrave, écrivez-moi ou appelez le 15 (ou le 112)."
        )
        return [SlotSet("proposition", None)]

    def _cancel(self, dispatcher: CollectingDispatcher, tracker: Tracker, confirmed: bool) -> list[EventType]:
        ok, appt = active_appointment(tracker.sender_id)
        if not ok:
            dispatcher.utter_message(text=TEXT_AGENDA_DOWN)
            return []
        if not appt:
            dispatcher.utter_message(text="Vous n'avez plus de rendez-vous en cours.")
            return [SlotSet("proposition", None)]
        if not confirmed:
            dispatcher.utter_message(
                text=f"D'accord, votre téléconsultation du {appt['label']} est maintenue."
            )
            return [SlotSet("proposition", None)]
        status, _ = call("POST", f"/internal/v1/appointments/{appt['appointment_id']}/cancel", {})
        if status != 200:
            dispatcher.utter_message(text=TEXT_AGENDA_DOWN)
            return []
        dispatcher.utter_message(
            text=f"Votre téléconsultation du {appt['label']} est annulée et le créneau est libéré. "
            "Si vous avez besoin d'un autre créneau, écrivez « prendre rendez-vous ». En cas "
            "d'urgence, appelez le 15 ou le 112."
        )
        return [SlotSet("proposition", None), SlotSet("creneaux_proposes", None)]

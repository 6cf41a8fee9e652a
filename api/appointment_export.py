"""An appointment as an iCalendar file (RFC 5545) and as a FHIR Appointment, for the clinic's tools.

Neither document carries health data: the level and the reasons stay in the conversation.
FHIR: `fhir.resources` validates the resource while building it (R4B models, whose
Appointment has the same elements as R4's).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from fhir.resources.R4B.appointment import Appointment
from icalendar import Alarm, Calendar, Event, vText

from api.scheduling import appointment_view

PRODID = "-//Assistant d'orientation médicale//Téléconsultation//FR"
STATUS_ICS = {"booked": "CONFIRMED", "cancelled": "CANCELLED", "rescheduled": "CANCELLED"}
STATUS_FHIR = {"booked": "booked", "cancelled": "cancelled", "rescheduled": "cancelled"}
PRIORITY = {"consultation_24": 2, "consultation": 5}  # FHIR/iCalendar priority: 1 highest, 9 lowest


def _utc(ts: str | float) -> datetime:
    return datetime.fromtimestamp(float(ts), timezone.utc)


def to_ics(appt: dict, base_url: str) -> bytes:
    """One VEVENT in UTC (every calendar converts it), with a reminder 15 minutes before."""
    view = appointment_view(appt, base_url)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    host = base_url.split("//", 1)[-1].split("/", 1)[0] or "localhost"
    event.add("uid", f"{appt['id']}@{host}")
    event.add("dtstamp", _utc(appt.get("updated_at") or appt.get("created_at") or 0))
    event.add("dtstart", _utc(appt["start"]))
    event.add("dtend", _utc(appt["end"]))
    event.add("summary", f"Téléconsultation avec {appt.get('clinician_name', 'un médecin')}")
    event.add(
        "description",
        vText(
            f"Téléconsultation le {view['label']} (heure de Paris) avec {appt.get('clinician_name')}.\n"
            f"Pour la rejoindre : {view['join_url']}\n"
            "En cas d'urgence, n'attendez pas : appelez le 15 ou le 112."
        ),
    )
    event.add("location", view["join_url"])
    event.add("url", view["join_url"])
    event.add("status", STATUS_ICS.get(appt.get("status", "booked"), "CONFIRMED"))
    event.add("priority", PRIORITY.get(appt.get("level", ""), 5))
    event.add("sequence", 0 if appt.get("status") == "booked" else 1)
    if appt.get("status") == "booked":
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", "Téléconsultation dans 15 minutes")
        alarm.add("trigger", timedelta(minutes=-15))
        event.add_component(alarm)
    cal.add_component(event)
    return cal.to_ical()


def to_fhir(appt: dict, base_url: str) -> dict:
    """A FHIR Appointment (validated by fhir.resources), as JSON-ready data."""
    view = appointment_view(appt, base_url)
    resource = Appointment(
        id=appt["id"],
        status=STATUS_FHIR.get(appt.get("status", "booked"), "booked"),
        identifier=[{"system": f"{base_url.rstrip('/')}/appointments", "value": appt["id"]}],
        serviceType=[{"text": "Téléconsultation"}],
        appointmentType={
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v2-0276",
                    "code": "ROUTINE" if appt.get("level") != "consultation_24" else "WALKIN",
                    "display": "Routine appointment"
                    if appt.get("level") != "consultation_24"
                    else "A previously unscheduled walk-in visit",
                }
            ]
        },
        priority=PRIORITY.get(appt.get("level", ""), 5),
        description=f"Téléconsultation avec {appt.get('clinician_name')} — lien : {view['join_url']}",
        start=_utc(appt["start"]).isoformat(),
        end=_utc(appt["end"]).isoformat(),
        minutesDuration=max(1, round((float(appt["end"]) - float(appt["start"])) / 60)),
        created=_utc(appt.get("created_at") or appt["start"]).isoformat(),
        comment=("Annulé" if appt.get("status") != "booked" else None),
        participant=[
            {
                "actor": {
                    "display": appt.get("clinician_name"),
                    "identifier": {"value": appt.get("clinician_id")},
                },
                "required": "required",
                "status": "accepted",
            },
            {
                "actor": {
                    "display": "Patient (conversation de l'assistant)",
                    "identifier": {"value": appt.get("conversation_id")},
                },
                "required": "required",
                "status": "accepted",
            },
        ],
    )
    data = (
        resource.model_dump(mode="json", exclude_none=True)
        if hasattr(resource, "model_dump")
        else resource.dict()
    )
    data["resourceType"] = "Appointment"
    return data

"""Teleconsultation booking over HTTP: the action server's internal API, patients, clinicians.

- /internal/v1/...                 service token: offer slots, book, cancel, reschedule, check-ins
- /api/v1/conversations/{id}/...   conversation token: the patient's appointments, SMS number
- /api/v1/appointments/{id}.ics|/fhir   conversation token (or ?token=) or clinician token
- /api/v1/clinician/appointments, /api/v1/clinician/schedule   clinician token
- /visio/{id}                      the page the join link opens
"""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from api import audit, clinicians, notify, reminders
from api.appointment_export import to_fhir, to_ics
from api.conversations import ConversationStore
from api.deps import bearer_token, conversation_id_param, get_store, require_service
from api.errors import ApiError
from api.phones import InvalidPhoneNumber, to_e164
from api.routers.clinician import CurrentClinician
from api.routers.conversations import authorized_meta
from api.scheduling import (
    UTC,
    BookingError,
    ClinicianSchedule,
    ScheduleError,
    Scheduling,
    appointment_view,
    french_datetime,
)
from api.schemas import ErrorOut

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut},
    403: {"model": ErrorOut},
    404: {"model": ErrorOut},
    409: {"model": ErrorOut},
    422: {"model": ErrorOut},
}
Level = Literal["emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"]
ConversationId = Annotated[str, Depends(conversation_id_param)]

TEXT_CANCELLED_BY_CLINICIAN = (
    "Votre téléconsultation du {label} avec {clinician} a été annulée par le cabinet{reason}. "
    "Écrivez « prendre rendez-vous » pour choisir un autre créneau. En cas d'urgence, appelez le 15 ou le 112."
)


# ---- schemas --------------------------------------------------------------------------------------


class SlotOut(BaseModel):
    slot_id: str
    clinician_id: str
    clinician_name: str
    start: str
    end: str
    start_local: str
    reserved: bool
    label: str = Field(description="French, local time: 'mardi 31 mars 2026 à 9 h 40'.")
    short_label: str


class SlotsOut(BaseModel):
    level: Level
    slots: list[SlotOut]


class AppointmentOut(BaseModel):
    appointment_id: str
    conversation_id: str | None = None
    status: Literal["booked", "cancelled", "rescheduled"]
    level: str | None = None
    clinician_id: str | None = None
    clinician_name: str | None = None
    start: str
    end: str
    start_local: str
    label: str
    reserved: bool = False
    join_url: str
    ics_url: str
    fhir_url: str
    replaces: str | None = None


class AppointmentsOut(BaseModel):
    items: list[AppointmentOut]


class DayAppointmentsOut(BaseModel):
    date: str
    items: list[AppointmentOut]


class BookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slot_id: str = Field(max_length=120)
    level: Level


class RescheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slot_id: str = Field(max_length=120)
    level: Level | None = None


class CancelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(default="", max_length=300)


class CheckinIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level: Level


class CheckinOut(BaseModel):
    due_at: float
    label: str


class CheckinAnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: Literal["worse", "better"]


class CheckinAnswerOut(BaseModel):
    was_pending: bool


class PhoneIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    phone: str = Field(
        min_length=6, max_length=32, description="Mobile number, French or international format."
    )


class ScheduleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, max_length=120)
    slot_minutes: int = Field(default=20, ge=5, le=240)
    hours: dict[str, list[str]] = Field(description="French weekday -> ['08:30-12:30', ...] (Europe/Paris).")
    exceptions: list[dict] = Field(
        default=[], description="{'from','to','reason'}, {'date','reason'} or {'date','hours'}."
    )


class ScheduleOut(ScheduleIn):
    model_config = ConfigDict(extra="ignore")
    id: str


# ---- helpers ------------------------------------------------------------------------------------------


def _scheduling(request: Request) -> Scheduling:
    return request.app.state.scheduling


def _view(request: Request, appt: dict) -> dict:
    return appointment_view(appt, request.app.state.settings.public_base_url)


def _raise(exc: BookingError) -> None:
    raise ApiError(exc.status, exc.code, exc.message) from exc


async def _meta(store: ConversationStore, conversation_id: str) -> dict:
    meta = await store.get(conversation_id)
    if meta is None:
        raise ApiError(404, "conversation_not_found", "Conversation inconnue ou expirée.")
    return meta


async def _after_booking(request: Request, appt: dict, channel: str, replaced: str | None = None) -> None:
    state = request.app.state
    if replaced:
        await reminders.cancel_appointment_jobs(state.jobs, replaced)
    await reminders.schedule_appointment_jobs(state.jobs, appt, state.clock(), channel)


# ---- internal: the action server -------------------------------------------------------------------

internal = APIRouter(prefix="/internal/v1", tags=["internal"], dependencies=[Depends(require_service)])


@internal.get("/conversations/{conversation_id}/slots", response_model=SlotsOut, responses=ERRORS)
async def offer_slots(
    request: Request,
    conversation_id: ConversationId,
    level: Level,
    limit: Annotated[int, Query(ge=1, le=10)] = 3,
    after: Annotated[float | None, Query()] = None,
    store: ConversationStore = Depends(get_store),
) -> dict:
    """The next slots this level may book now (none for emergency levels), earliest first."""
    await _meta(store, conversation_id)
    slots = await _scheduling(request).free_slots(level, after=after, limit=limit)
    return {"level": level, "slots": [s.to_dict(_scheduling(request).tz) for s in slots]}


@internal.post(
    "/conversations/{conversation_id}/appointments",
    response_model=AppointmentOut,
    status_code=201,
    responses=ERRORS,
)
async def book(
    request: Request,
    body: BookIn,
    conversation_id: ConversationId,
    store: ConversationStore = Depends(get_store),
) -> dict:
    """Book a slot for the conversation: 409 `slot_taken` when someone else got it first."""
    meta = await _meta(store, conversation_id)
    channel = meta.get("channel", "web")
    try:
        appt = await _scheduling(request).book(conversation_id, body.slot_id, body.level, channel)
    except BookingError as exc:
        if exc.code == "already_booked":
            raise ApiError(409, exc.code, exc.message) from exc
        _raise(exc)
    await audit.record(
        request.app.state.redis,
        conversation_id,
        "assistant",
        "appointment_booked",
        appointment_id=appt["id"],
        level=body.level,
        clinician=appt["clinician_id"],
        start=appt["start"],
        reserved=appt["reserved"] == "1",
    )
    await _after_booking(request, appt, channel)
    return _view(request, appt)


@internal.get("/conversations/{conversation_id}/appointments/active", responses=ERRORS)
async def active_appointment(request: Request, conversation_id: ConversationId) -> dict:
    appt = await _scheduling(request).active(conversation_id)
    return {"appointment": _view(request, appt) if appt else None}


@internal.post("/appointments/{appointment_id}/cancel", response_model=AppointmentOut, responses=ERRORS)
async def cancel_internal(request: Request, appointment_id: str, body: CancelIn | None = None) -> dict:
    """The patient cancelled from the conversation: the slot returns to the pool, reminders are dropped."""
    try:
        appt = await _scheduling(request).cancel(
            appointment_id, by="patient", reason=(body.reason if body else "")
        )
    except BookingError as exc:
        _raise(exc)
    await reminders.cancel_appointment_jobs(request.app.state.jobs, appointment_id)
    await audit.record(
        request.app.state.redis,
        appt["conversation_id"],
        "patient",
        "appointment_cancelled",
        appointment_id=appointment_id,
    )
    return _view(request, appt)


@internal.post(
    "/appointments/{appointment_id}/reschedule",
    response_model=AppointmentOut,
    status_code=201,
    responses=ERRORS,
)
async def reschedule_internal(request: Request, appointment_id: str, body: RescheduleIn) -> dict:
    """Move to another slot in one step: the new slot is taken and the old one freed atomically."""
    try:
        appt = await _scheduling(request).reschedule(appointment_id, body.slot_id, body.level)
    except BookingError as exc:
        _raise(exc)
    await audit.record(
        request.app.state.redis,
        appt["conversation_id"],
        "patient",
        "appointment_rescheduled",
        appointment_id=appt["id"],
        replaces=appointment_id,
        start=appt["start"],
    )
    await _after_booking(request, appt, appt.get("channel", "web"), replaced=appointment_id)
    return _view(request, appt)


@internal.post("/conversations/{conversation_id}/checkin", response_model=CheckinOut, responses=ERRORS)
async def accept_checkin(
    request: Request,
    body: CheckinIn,
    conversation_id: ConversationId,
    store: ConversationStore = Depends(get_store),
) -> dict:
    """The patient accepted a follow-up message 24 to 48 h after the result."""
    await _meta(store, conversation_id)
    if body.level not in ("self_care", "consultation"):
        raise ApiError(
            422, "level_not_followed", "Le suivi n'est proposé que pour les niveaux conseils et consultation."
        )
    state = request.app.state
    due = await reminders.schedule_checkin(
        state.redis,
        state.jobs,
        conversation_id,
        body.level,
        state.clock(),
        state.scheduling_settings.checkin_delay_hours,
    )
    await audit.record(state.redis, conversation_id, "patient", "checkin_accepted", due_at=round(due))
    return {"due_at": due, "label": french_datetime(datetime.fromtimestamp(due, UTC))}


@internal.post(
    "/conversations/{conversation_id}/checkin/answer", response_model=CheckinAnswerOut, responses=ERRORS
)
async def answer_checkin(request: Request, body: CheckinAnswerIn, conversation_id: ConversationId) -> dict:
    """Records the answer to a sent check-in; `was_pending` tells the assistant to escalate a worsening."""
    state = request.app.state
    was_pending = await reminders.answer_checkin(state.redis, conversation_id, body.answer, state.clock())
    if was_pending:
        await audit.record(state.redis, conversation_id, "patient", "checkin_answered", answer=body.answer)
    return {"was_pending": was_pending}


# ---- patients ------------------------------------------------------------------------------------------

patients = APIRouter(tags=["patient"])


@patients.get(
    "/api/v1/conversations/{conversation_id}/appointments", response_model=AppointmentsOut, responses=ERRORS
)
async def my_appointments(
    request: Request,
    conversation_id: ConversationId,
    token: str | None = Depends(bearer_token),
    store: ConversationStore = Depends(get_store),
) -> dict:
    """The conversation's appointments (booked, cancelled, moved), oldest first."""
    await authorized_meta(store, conversation_id, token)
    appts = await _scheduling(request).for_conversation(conversation_id)
    return {"items": [_view(request, a) for a in appts]}


@patients.post("/api/v1/conversations/{conversation_id}/phone", responses=ERRORS)
async def give_phone(
    request: Request,
    body: PhoneIn,
    conversation_id: ConversationId,
    token: str | None = Depends(bearer_token),
    store: ConversationStore = Depends(get_store),
) -> dict:
    """A web patient gives a mobile number: SMS confirmation and reminders, and the conversation
    can go on by SMS from that number (stored encrypted and pseudonymised)."""
    meta = await authorized_meta(store, conversation_id, token)
    if meta.get("channel") == "sms":
        raise ApiError(409, "already_sms", "Cette conversation a déjà lieu par SMS.")
    try:
        e164 = to_e164(body.phone)
    except InvalidPhoneNumber:
        raise ApiError(422, "invalid_phone", "Numéro de téléphone invalide.") from None
    state = request.app.state
    vault = state.sms.vault
    pseudonym = vault.pseudonym(e164)
    await store.update(conversation_id, phone_enc=vault.encrypt(e164), phone_hash=pseudonym)
    # An SMS from this number now continues this conversation (same state, same triage).
    await state.redis.set(
        state.sms.phone_key(pseudonym), conversation_id, ex=state.settings.retention_seconds
    )
    await audit.record(state.redis, conversation_id, "patient", "phone_given")
    appt = await _scheduling(request).active(conversation_id)
    if appt:  # booked before the number was given: confirm by SMS now
        await state.jobs.schedule(
            f"appt:{appt['id']}:confirm", state.clock(), "confirmation", appointment_id=appt["id"]
        )
    return {"phone_registered": True}


async def _authorized_appointment(request: Request, appointment_id: str, token: str | None) -> dict:
    """The appointment, if the token is its conversation's token or a clinician's."""
    if not token:
        raise ApiError(401, "not_authenticated", "Authentification requise.", {"WWW-Authenticate": "Bearer"})
    appt = await _scheduling(request).get(appointment_id)
    state = request.app.state
    if appt is not None:
        meta = await state.store.get(appt["conversation_id"])
        if meta is not None and state.store.token_matches(meta, token):
            return appt
    try:
        await clinicians.verify_token(state.redis, token, state.settings.secret_key)
    except clinicians.InvalidToken:
        raise ApiError(
            403 if appt else 404,
            "forbidden" if appt else "appointment_not_found",
            "Rendez-vous introuvable ou accès refusé.",
        ) from None
    if appt is None:
        raise ApiError(404, "appointment_not_found", "Rendez-vous introuvable.")
    return appt


def _token(header_token: str | None, query_token: str | None) -> str | None:
    return header_token or query_token


@patients.get(
    "/api/v1/appointments/{appointment_id}.ics",
    responses={**ERRORS, 200: {"content": {"text/calendar": {}}}},
    response_class=Response,
)
async def appointment_ics(
    request: Request,
    appointment_id: str,
    token: str | None = Depends(bearer_token),
    query_token: Annotated[str | None, Query(alias="token")] = None,
) -> Response:
    """The appointment as an iCalendar file (a link in the chat can carry ?token=)."""
    appt = await _authorized_appointment(request, appointment_id, _token(token, query_token))
    body = to_ics(appt, request.app.state.settings.public_base_url)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="teleconsultation-{appointment_id}.ics"'},
    )


@patients.get(
    "/api/v1/appointments/{appointment_id}/fhir",
    responses={**ERRORS, 200: {"content": {"application/fhir+json": {}}}},
)
async def appointment_fhir(
    request: Request,
    appointment_id: str,
    token: str | None = Depends(bearer_token),
    query_token: Annotated[str | None, Query(alias="token")] = None,
) -> JSONResponse:
    """The appointment as a FHIR Appointment resource (validated by fhir.resources)."""
    appt = await _authorized_appointment(request, appointment_id, _token(token, query_token))
    return JSONResponse(
        to_fhir(appt, request.app.state.settings.public_base_url), media_type="application/fhir+json"
    )


@patients.get("/visio/{appointment_id}", response_class=HTMLResponse, include_in_schema=False)
async def visio(request: Request, appointment_id: str) -> HTMLResponse:
    """Where the join link leads. Shows only the time and the clinician (the id is unguessable)."""
    appt = await _scheduling(request).get(appointment_id)
    if appt is None or appt.get("status") != "booked":
        text = "Ce rendez-vous n'existe pas ou a été annulé."
    else:
        view = _view(request, appt)
        text = (
            f"Téléconsultation le {view['label']} (heure de Paris) avec {appt.get('clinician_name')}. "
            "La salle ouvre 10 minutes avant l'heure du rendez-vous : gardez cette page ouverte."
        )
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width, initial-scale=1"><title>Téléconsultation</title></head><body>'
        f"<main><h1>Téléconsultation</h1><p>{html.escape(text)}</p>"
        "<p>En cas d'urgence, n'attendez pas : appelez le 15 ou le 112.</p></main></body></html>"
    )
    return HTMLResponse(page, status_code=200 if appt else 404)


# ---- clinicians ----------------------------------------------------------------------------------------

clinician_routes = APIRouter(prefix="/api/v1/clinician", tags=["clinician"])


@clinician_routes.get("/appointments", response_model=DayAppointmentsOut, responses=ERRORS)
async def day_appointments(
    request: Request,
    _: CurrentClinician,
    day: Annotated[date | None, Query(alias="date")] = None,
    clinician: Annotated[str | None, Query(max_length=64)] = None,
) -> dict:
    """The day's booked appointments (Europe/Paris date; today by default), by start time."""
    scheduling = _scheduling(request)
    day = day or datetime.fromtimestamp(request.app.state.clock(), scheduling.tz).date()
    appts = await scheduling.on_day(day)
    if clinician:
        appts = [a for a in appts if a.get("clinician_id") == clinician]
    return {"date": day.isoformat(), "items": [_view(request, a) for a in appts]}


@clinician_routes.post(
    "/appointments/{appointment_id}/cancel", response_model=AppointmentOut, responses=ERRORS
)
async def cancel_by_clinician(
    request: Request, appointment_id: str, who: CurrentClinician, body: CancelIn | None = None
) -> dict:
    """Cancel from the console: the slot returns to the pool and the patient is told on their channel."""
    state = request.app.state
    reason = (body.reason if body else "").strip()
    try:
        appt = await _scheduling(request).cancel(appointment_id, by=f"clinician:{who.login}", reason=reason)
    except BookingError as exc:
        _raise(exc)
    await reminders.cancel_appointment_jobs(state.jobs, appointment_id)
    conversation_id = appt["conversation_id"]
    await audit.record(
        state.redis,
        conversation_id,
        f"clinician:{who.login}",
        "appointment_cancelled",
        appointment_id=appointment_id,
        reason=reason,
    )
    meta = await state.store.get(conversation_id)
    if meta is not None:
        view = _view(request, appt)
        text = TEXT_CANCELLED_BY_CLINICIAN.format(
            label=view["label"], clinician=appt.get("clinician_name"), reason=f" ({reason})" if reason else ""
        )
        message = await state.store.append(conversation_id, "system", text)
        await notify.deliver_to_patient(state, conversation_id, message)
        if meta.get("channel") != "sms" and meta.get("phone_enc"):
            await state.sms.send_to_conversation(conversation_id, message)
    return _view(request, appt)


@clinician_routes.get("/schedule", response_model=ScheduleOut, responses=ERRORS)
async def my_schedule(request: Request, who: CurrentClinician) -> dict:
    schedule = await _scheduling(request).get_schedule(who.login)
    if schedule is None:
        raise ApiError(404, "schedule_not_found", "Aucun planning enregistré pour ce compte.")
    return schedule.to_dict()


@clinician_routes.put("/schedule", response_model=ScheduleOut, responses=ERRORS)
async def set_my_schedule(request: Request, body: ScheduleIn, who: CurrentClinician) -> dict:
    """Set the caller's working hours, slot length and exceptions; applies to every future offer.

    Appointments already booked are kept even if they now fall outside the hours.
    """
    try:
        schedule = ClinicianSchedule(
            id=who.login,
            name=body.name or who.display_name,
            slot_minutes=body.slot_minutes,
            hours=body.hours,
            exceptions=body.exceptions,
        )
    except ScheduleError as exc:
        raise ApiError(422, "invalid_schedule", str(exc)) from None
    await _scheduling(request).set_schedule(schedule)
    await audit.record(
        request.app.state.redis,
        f"clinician-{who.login}",
        f"clinician:{who.login}",
        "schedule_set",
        slot_minutes=schedule.slot_minutes,
    )
    return schedule.to_dict()


router = APIRouter()
router.include_router(internal)
router.include_router(patients)
router.include_router(clinician_routes)

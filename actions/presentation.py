"""How a triage result is worded for the patient (French), on the web and by SMS."""

from __future__ import annotations

from typing import Any, Dict, List

HEADLINES: Dict[str, str] = {
    "emergency_ambulance": "URGENCE VITALE : appelez le 15 (ou le 112) maintenant.",
    "emergency": "Urgent : rendez-vous aux urgences maintenant.",
    "consultation_24": "À voir par un médecin dans les 24 heures.",
    "consultation": "À voir par un médecin dans les prochains jours.",
    "self_care": "Vous pouvez vous soigner chez vous, avec les conseils ci-dessous.",
}


def format_result(result: Dict[str, Any]) -> List[str]:
    """Return the messages that announce a triage result: level, reasons, advice, safety net."""
    level = result["level"]
    messages = [HEADLINES.get(level, HEADLINES["consultation_24"])]
    reasons = [r for r in result.get("reasons") or [] if r]
    if reasons:
        messages.append("Pourquoi :\n" + "\n".join(f"- {r}" for r in reasons))
    advice = result.get("advice")
    parts = [advice] if advice else []
    numbers = result.get("numbers") or []
    if numbers:
        parts.append("Numéros utiles : " + " ; ".join(f"{n['number']} ({n['label']})" for n in numbers) + ".")
    if parts:
        messages.append("\n".join(parts))
    safety_net = [s for s in result.get("safety_net") or [] if s]
    if safety_net:
        messages.append(
            "Recontactez-nous ou appelez le 15 si :\n" + "\n".join(f"- {s}" for s in safety_net)
            if not safety_net[0].lower().startswith("si ")
            else "\n".join(safety_net)
        )
    messages.append("Ceci est une aide à l'orientation, pas un diagnostic médical.")
    return messages

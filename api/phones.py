"""Phone numbers: parsed to E.164, pseudonymised (keyed HMAC) for lookups, encrypted for sending.

A number is never stored or logged in clear: `pseudonym()` is the lookup key, and the
encrypted form is kept only so that a clinician's reply or a reminder can be sent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import phonenumbers
from cryptography.fernet import Fernet, InvalidToken


class InvalidPhoneNumber(ValueError):
    pass


def to_e164(raw: str, region: str = "FR") -> str:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber(str(exc)) from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidPhoneNumber("impossible number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneVault:
    def __init__(self, secret_key: str):
        self._hmac_key = hashlib.sha256(b"phone-pseudonym:" + secret_key.encode()).digest()
        fernet_key = base64.urlsafe_b64encode(
            hashlib.sha256(b"phone-encryption:" + secret_key.encode()).digest()
        )
        self._fernet = Fernet(fernet_key)

    def pseudonym(self, e164: str) -> str:
        return hmac.new(self._hmac_key, e164.encode(), hashlib.sha256).hexdigest()[:40]

    def encrypt(self, e164: str) -> str:
        return self._fernet.encrypt(e164.encode()).decode()

    def decrypt(self, token: str) -> str | None:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except (InvalidToken, ValueError):
            return None

"""Clinician accounts and their access tokens. Owns the `gw:clinician:*` keys except presence.

- gw:clinician:account:{login}   hash: login, display_name, password_hash, token_version, created_at
- gw:clinician:failures:{login}  counter of recent failed logins (brute-force brake, expires)
- gw:clinician:online:{login}    presence, written by the clinician socket (see api.handoff)

Passwords are hashed with argon2id (argon2-cffi). Tokens are JWT (HS256, `settings.secret_key`)
with `sub`, `exp`, `iat`, `jti`, an audience of their own (a token minted for something else
with the same key is refused) and `ver`: resetting a password bumps the account's version,
which revokes every token issued before.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from dataclasses import dataclass

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from redis.asyncio import Redis

LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_CHARS = 8
AUDIENCE = "triage-clinician"
ALGORITHM = "HS256"
MAX_FAILURES = 10
FAILURE_WINDOW_S = 900

_hasher = PasswordHasher()
# Verified against when the login is unknown, so that an unknown login takes as long as a bad password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class InvalidAccount(ValueError):
    """The login or password does not meet the rules (message in French, for the CLI)."""


class InvalidToken(Exception):
    """Missing, malformed, expired, revoked or foreign token. Deliberately carries no detail."""


@dataclass(frozen=True)
class Clinician:
    login: str
    display_name: str
    expires_at: float = 0.0  # of the token it was read from, when it was


def account_key(login: str) -> str:
    return f"gw:clinician:account:{login}"


def failures_key(login: str) -> str:
    return f"gw:clinician:failures:{login}"


def normalize_login(login: str) -> str:
    return login.strip().lower()


async def create_or_reset(
    redis: Redis, login: str, password: str, display_name: str | None = None
) -> Clinician:
    """Create the account, or reset its password (and name if given); revokes older tokens."""
    login = normalize_login(login)
    if not LOGIN.fullmatch(login):
        raise InvalidAccount("Identifiant invalide : 2 à 64 caractères parmi a-z, 0-9, « . », « _ », « - ».")
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidAccount(f"Mot de passe trop court : au moins {MIN_PASSWORD_CHARS} caractères.")
    password_hash = await asyncio.to_thread(_hasher.hash, password)
    key = account_key(login)
    existing_name = await redis.hget(key, "display_name")
    name = (display_name or "").strip() or existing_name or login
    async with redis.pipeline(transaction=True) as pipe:
        pipe.hsetnx(key, "created_at", f"{time.time():.3f}")
        pipe.hset(
            key,
            mapping={
                "login": login,
                "display_name": name,
                "password_hash": password_hash,
                "updated_at": f"{time.time():.3f}",
            },
        )
        pipe.hincrby(key, "token_version", 1)
        pipe.delete(failures_key(login))
        await pipe.execute()
    return Clinician(login, name)


async def get(redis: Redis, login: str) -> Clinician | None:
    data = await redis.hgetall(account_key(normalize_login(login)))
    if not data or "password_hash" not in data:
        return None
    return Clinician(data["login"], data.get("display_name") or data["login"])


async def delete(redis: Redis, login: str) -> bool:
    return bool(await redis.delete(account_key(normalize_login(login))))


async def authenticate(redis: Redis, login: str, password: str) -> Clinician | None:
    """The account if the password matches; None otherwise (same cost whether the login exists or not).

    Raises `TooManyAttempts` after MAX_FAILURES failures within FAILURE_WINDOW_S.
    """
    login = normalize_login(login)
    if not LOGIN.fullmatch(login):
        await asyncio.to_thread(_verify, _DUMMY_HASH, password)
        return None
    failures = int(await redis.get(failures_key(login)) or 0)
    if failures >= MAX_FAILURES:
        raise TooManyAttempts()
    data = await redis.hgetall(account_key(login))
    stored = data.get("password_hash") if data else None
    ok = await asyncio.to_thread(_verify, stored or _DUMMY_HASH, password)
    if not (ok and stored):
        async with redis.pipeline(transaction=True) as pipe:
            pipe.incr(failures_key(login))
            pipe.expire(failures_key(login), FAILURE_WINDOW_S)
            await pipe.execute()
        return None
    await redis.delete(failures_key(login))
    if _hasher.check_needs_rehash(stored):
        await redis.hset(account_key(login), "password_hash", await asyncio.to_thread(_hasher.hash, password))
    return Clinician(login, data.get("display_name") or login)


class TooManyAttempts(Exception):
    """Too many failed logins for this account recently."""


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def issue_token(redis: Redis, clinician: Clinician, secret_key: str, ttl_s: int) -> str:
    version = await redis.hget(account_key(clinician.login), "token_version") or "0"
    now = int(time.time())
    claims = {
        "sub": clinician.login,
        "name": clinician.display_name,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + ttl_s,
        "jti": secrets.token_urlsafe(16),
        "ver": int(version),
    }
    return jwt.encode(claims, secret_key, algorithm=ALGORITHM)


async def verify_token(redis: Redis, token: str | None, secret_key: str) -> Clinician:
    """The clinician a token belongs to; `InvalidToken` for any reason it cannot be trusted."""
    if not token or len(token) > 4096:
        raise InvalidToken()
    try:
        claims = jwt.decode(
            token,
            secret_key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={"require": ["sub", "exp", "iat", "jti", "aud"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken() from exc
    login = claims.get("sub")
    if not isinstance(login, str) or not LOGIN.fullmatch(login):
        raise InvalidToken()
    data = await redis.hmget(account_key(login), "display_name", "token_version", "password_hash")
    display_name, version, password_hash = data
    if not password_hash or str(claims.get("ver")) != str(version or "0"):
        raise InvalidToken()
    return Clinician(login, display_name or login, float(claims["exp"]))

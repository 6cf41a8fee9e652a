"""`make bench`: latency, cost along a conversation, human pace, saturation, memory, cold start.

Starts the real stack (tools/stack.py) on free ports, measures, prints one table and writes
it as JSON under bench/results/. Every latency is also given as a ratio to the NLU floor
(Rasa's /model/parse alone) measured in the same run. Tests never assert on these figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp

from tools.stack import ROOT, Ports, Stack

# Idle connections close before uvicorn's and Sanic's keep-alive timeout (5 s): with both at
# 5 s, a request could go out on a connection the server was closing, and a run of `make bench`
# ended on a read error (2026-12-02, the 2-Rasa saturation, then with httpx).
KEEPALIVE_S = 2.0

RESULTS = ROOT / "bench" / "results"
BENCH_ENV = {"RATE_LIMIT_CONVERSATION": "100000/minute"}
# A patient turn that goes through NLU, the rule policy and the action server (form step).
# Human pace: patients arrive during the first WARMUP_S seconds; messages are timed afterwards.
WARMUP_S = 8.0
TURN_TEXTS = ["j'ai mal à la gorge depuis deux jours", "34", "2 jours", "Non", "Non", "Non", "Non"]
# A conversation's opening through the gateway: the greeting, then the consent.
OPENING_TEXTS = ["Bonjour", "J'accepte"]
# Conversations opened ahead for each saturating client: enough for this many messages a second.
# At 2.0, on a fast day (2026-12-02 afternoon: 20 clients, 70-80 messages/s, 3.5-4 each), the
# clients ran out and opened conversations on the clock: the greeting's parse and the consent
# then counted against the gateway's window only (1.4 ms more of Rasa's CPU per message).
# The results say how many were opened on the clock (`opened_on_clock`).
MAX_CLIENT_RATE = 8.0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values_s: list[float]) -> dict:
    ms = [v * 1000 for v in values_s]
    return {
        "n": len(ms),
        "p50_ms": round(pct(ms, 50), 1),
        "p95_ms": round(pct(ms, 95), 1),
        "p99_ms": round(pct(ms, 99), 1),
    }


class Target:
    """Sends one patient message either through the gateway or straight to Rasa's REST channel."""

    def __init__(self, stack: Stack, client: aiohttp.ClientSession, via: str, rasa_index: int = 0):
        self.stack, self.client, self.via = stack, client, via
        self.rasa_url = f"http://127.0.0.1:{stack.rasa_port(rasa_index)}"
        self.tokens: dict[str, str] = {}
        self.gateways = stack.gateway_urls()

    @staticmethod
    def new_id() -> str:
        return "b-" + uuid.uuid4().hex

    async def open(self) -> str:
        """A new conversation, through the gateway up to the consent."""
        cid = self.new_id()
        if self.via == "gateway":
            for text in OPENING_TEXTS:
                await self.send(cid, text)
        return cid

    async def send(self, cid: str, text: str) -> float:
        """One message; through the gateway, a conversation's first message gets its token."""
        t0 = time.perf_counter()
        if self.via == "gateway":
            url = random.choice(self.gateways)
            token = self.tokens.get(cid)
            async with self.client.post(
                f"{url}/api/v1/conversations/{cid}/messages",
                json={"text": text},
                headers={"Authorization": f"Bearer {token}"} if token else None,
            ) as r:
                r.raise_for_status()
                body = await r.read()
            if token is None:
                self.tokens[cid] = json.loads(body)["conversation_token"]
        else:
            async with self.client.post(
                f"{self.rasa_url}/webhooks/rest/webhook", json={"sender": cid, "message": text}
            ) as r:
                r.raise_for_status()
                await r.read()
        return time.perf_counter() - t0


def client_session() -> aiohttp.ClientSession:
    """The load generator's HTTP client: aiohttp, whose CPU per request is a fraction of httpx's
    (the client shares the machine's two cores with the stack it measures)."""
    connector = aiohttp.TCPConnector(limit=400, keepalive_timeout=KEEPALIVE_S)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60))


async def sms_webhook(stack: Stack, client: aiohttp.ClientSession, conversations: int) -> dict:
    """Time from the Twilio webhook received to TwiML sent, over whole SMS conversations."""
    from twilio.request_validator import RequestValidator

    env = stack.base_env()
    validator = RequestValidator(env.get("TWILIO_AUTH_TOKEN", "dev-twilio-auth-token"))
    url = f"{stack.gateway_url}/webhooks/twilio/sms"
    public_url = env.get("PUBLIC_BASE_URL", stack.gateway_url).rstrip("/") + "/webhooks/twilio/sms"
    times = []
    for _ in range(conversations):
        number = f"+3361{random.randrange(10**7):07d}"
        for text in ["Bonjour", "1", *TURN_TEXTS]:
            params = {
                "MessageSid": "SM" + uuid.uuid4().hex,
                "From": number,
                "To": "+33700000000",
                "Body": text,
            }
            headers = {"X-Twilio-Signature": validator.compute_signature(public_url, params)}
            t0 = time.perf_counter()
            async with client.post(url, data=params, headers=headers) as r:
                r.raise_for_status()
                await r.read()
            times.append(time.perf_counter() - t0)
    return summary(times)


async def parse_once(stack: Stack, client: aiohttp.ClientSession, text: str) -> float:
    url = f"http://127.0.0.1:{stack.ports.rasa}/model/parse"
    params = {"token": stack.base_env()["RASA_TOKEN"]}
    t0 = time.perf_counter()
    async with client.post(url, json={"text": text}, params=params) as r:
        r.raise_for_status()
        await r.read()
    return time.perf_counter() - t0


async def unloaded_interleaved(
    stack: Stack, client: aiohttp.ClientSession, gateway: Target, direct: Target, conversations: int
) -> dict[str, list[float]]:
    """The NLU floor, the turn straight to Rasa and the turn through the gateway, interleaved.

    Each questionnaire message is sent through the gateway, straight to Rasa (in another
    conversation at the same point) and to /model/parse, in an order that rotates, so that the
    machine's speed, which drifts within minutes here, weighs the same on all three.
    """
    times: dict[str, list[float]] = {"nlu_parse": [], "rasa_direct": [], "gateway": []}
    k = 0
    for _ in range(conversations):
        via_gateway, via_rasa = await gateway.open(), await direct.open()
        for text in TURN_TEXTS:
            sends = {
                "gateway": gateway.send(via_gateway, text),
                "rasa_direct": direct.send(via_rasa, text),
                "nlu_parse": parse_once(stack, client, text),
            }
            names = list(sends)
            k += 1
            for name in names[k % 3 :] + names[: k % 3]:  # coroutines run only when awaited
                times[name].append(await sends[name])
    return times


async def unloaded(target: Target, conversations: int) -> list[float]:
    """Turns 1..len(TURN_TEXTS) of fresh conversations, one message at a time."""
    times = []
    for _ in range(conversations):
        cid = await target.open()
        for text in TURN_TEXTS:
            times.append(await target.send(cid, text))
    return times


async def along_conversation(target: Target, conversations: int, length: int = 30) -> dict:
    """Latency of the 3rd and the 30th message of the same conversations."""
    third, thirtieth = [], []
    cycle = ["Bonjour", "merci", "aide", "au revoir"]
    for _ in range(conversations):
        cid = await target.open()
        for i in range(1, length + 1):
            elapsed = await target.send(cid, cycle[i % len(cycle)])
            if i == 3:
                third.append(elapsed)
            elif i == length:
                thirtieth.append(elapsed)
    return {"3rd": summary(third), "30th": summary(thirtieth)}


async def _saturate(
    target: Target, clients: int, seconds: float
) -> tuple[list[float], float, int, dict[str, float]]:
    """`clients` that never pause for `seconds`: each message's latency, and the time taken.

    Each client answers the questionnaire to its result, then starts a new conversation, as
    patients do (the same conversation sent round and round would, after its result, be mostly
    cheaper replies). The conversations are opened first (through the gateway, greeting and
    consent, which straight to Rasa cost nothing) and the clock starts after, so both targets
    are timed on questionnaire messages only; a client that runs out opens another on the clock.
    Also returns how many were opened on the clock, and the CPU time each process spent on it.
    """
    per_client = int(seconds * MAX_CLIENT_RATE / len(TURN_TEXTS)) + 1
    cids = await asyncio.gather(*(target.open() for _ in range(clients * per_client)))
    times: list[float] = []
    opened = 0
    window = Window(target.stack)
    deadline = time.perf_counter() + seconds

    async def worker(mine: list[str]) -> None:
        nonlocal opened
        while True:
            if not mine:
                opened += 1
            cid = mine.pop() if mine else await target.open()
            for text in TURN_TEXTS:
                if time.perf_counter() >= deadline:
                    return
                times.append(await target.send(cid, text))
            target.tokens.pop(cid, None)

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(cids[i::clients]) for i in range(clients)))
    return times, time.perf_counter() - t0, opened, window.cpu_seconds()


def _throughput(clients: int, times: list[float], elapsed: float, opened: int, cpu: dict[str, float]) -> dict:
    per_message = {p: round(1000 * spent / len(times), 2) for p, spent in cpu.items()}
    stack_ms = sum(v for p, v in per_message.items() if p != "bench_client")
    return {
        "clients": clients,
        "messages_per_s": round(len(times) / elapsed, 1),
        "opened_on_clock": opened,
        **summary(times),
        # CPU time per message of each process (the load generator's too, apart), and what one
        # core of this machine serves with all the stack's processes together
        "cpu_ms_per_message": per_message | {"stack": round(stack_ms, 2)},
        "messages_per_s_per_core": round(1000 / stack_ms, 1),
    }


async def saturation(target: Target, clients: int, seconds: float) -> dict:
    """Clients that never pause: messages per second and latency."""
    return _throughput(clients, *await _saturate(target, clients, seconds))


async def saturation_interleaved(
    targets: dict[str, Target], clients: int, seconds: float, rounds: int = 4
) -> dict:
    """`saturation` of each target for `seconds` in all, in alternating windows.

    The machine's speed drifts within minutes here; a window of each in turn (the order
    reversed every round) gives both the same share of fast and slow moments.
    """
    times: dict[str, list[float]] = {name: [] for name in targets}
    elapsed = dict.fromkeys(targets, 0.0)
    opened = dict.fromkeys(targets, 0)
    cpu: dict[str, dict[str, float]] = {name: {} for name in targets}
    for r in range(rounds):
        for name in list(targets)[:: 1 if r % 2 == 0 else -1]:
            window_times, window_s, window_opened, window_cpu = await _saturate(
                targets[name], clients, seconds / rounds
            )
            for process, spent in window_cpu.items():
                cpu[name][process] = cpu[name].get(process, 0.0) + spent
            times[name] += window_times
            elapsed[name] += window_s
            opened[name] += window_opened
    return {
        name: _throughput(clients, times[name], elapsed[name], opened[name], cpu[name]) for name in targets
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Window:
    """The CPU time each process of the stack, and this load generator, spend from now on."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.start = self._now()

    def _now(self) -> dict[str, float]:
        now = {name: cpu_seconds(proc.pid) for name, proc in self.stack.procs.items()}
        times = os.times()
        now["bench_client"] = times.user + times.system
        return now

    def cpu_seconds(self) -> dict[str, float]:
        return {name: spent - self.start[name] for name, spent in self._now().items()}


async def human_pace(target: Target, patients: int, seconds: float) -> dict:
    """`patients` people writing at once, each pausing 2–6 s before every message, like people typing.

    Each one opens a conversation (greeting, consent), answers the questionnaire to its result
    and leaves; a new patient takes the place 2–6 s later, so about `patients` conversations are
    always under way. The first arrive at random moments of the first WARMUP_S (a start-up burst at
    several times the saturation rate would measure the queue it builds, not the service), and
    every message sent after it is timed, openings included.
    """
    t0 = time.perf_counter()
    deadline = t0 + seconds
    times: list[float] = []
    opening: list[float] = []

    async def think() -> None:
        await asyncio.sleep(random.uniform(2, 6))

    async def patient() -> None:
        await asyncio.sleep(random.uniform(0, WARMUP_S - 2))
        first = True
        while time.perf_counter() < deadline:
            cid = target.new_id()
            for k, text in enumerate([*OPENING_TEXTS, *TURN_TEXTS]):
                if not first:
                    await think()
                first = False
                sent_at = time.perf_counter()
                if sent_at >= deadline:
                    return
                elapsed = await target.send(cid, text)
                if sent_at - t0 >= WARMUP_S:
                    times.append(elapsed)
                    if k < len(OPENING_TEXTS):
                        opening.append(elapsed)
            target.tokens.pop(cid, None)

    await asyncio.gather(*(patient() for _ in range(patients)))
    return {
        "patients": patients,
        "warmup_s": WARMUP_S,
        # Every timed message was sent between WARMUP_S and the deadline.
        "messages_per_s": round(len(times) / (seconds - WARMUP_S), 1),
        **summary(times),
        "opening_messages": summary(opening),
    }


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    pids = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(c) for c in children]
    except FileNotFoundError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return round(total / 1024, 1)


def redis_clients(stack: Stack) -> dict:
    """Redis' connected clients, and those with a subscription (CLIENT LIST)."""
    import redis

    client = redis.Redis.from_url(stack.effective_redis_url, decode_responses=True)
    try:
        everyone = client.client_list()
    finally:
        client.close()
    return {"connected": len(everyone) - 1, "subscribed": sum(1 for c in everyone if int(c.get("sub", 0)))}


async def open_sockets(stack: Stack, client: aiohttp.ClientSession, sockets: int) -> dict:
    """What open patient widgets cost: that many sockets on one gateway, each on its own
    conversation; Redis connections and the gateway's memory before and with them open, and how
    long a message written over REST takes to reach its socket while all are open."""
    gateway = stack.procs["gateway"].pid
    before, rss_before = redis_clients(stack), rss_mb(gateway)
    opened: list[tuple[str, str]] = []

    async def open_one(_: int) -> None:
        async with client.post(f"{stack.gateway_url}/api/v1/conversations") as r:
            body = await r.json()
        opened.append((body["conversation_id"], body["conversation_token"]))

    gate = asyncio.Semaphore(20)

    async def limited(i: int) -> None:
        async with gate:
            await open_one(i)

    await asyncio.gather(*(limited(i) for i in range(sockets)))
    base = stack.gateway_url.replace("http://", "ws://")
    t0 = time.perf_counter()
    wss = []
    # each socket holds its connection: not from the request pool (its limit would block them)
    sockets_session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    try:
        for cid, token in opened:
            ws = await sockets_session.ws_connect(f"{base}/ws/patient/{cid}?token={token}", heartbeat=None)
            wss.append(ws)
        for ws in wss:
            await ws.receive_json(timeout=30)  # the history frame: subscribed and served
        open_s = time.perf_counter() - t0
        with_sockets, rss_with = redis_clients(stack), rss_mb(gateway)
        delivery = []
        for i in range(0, len(wss), max(1, len(wss) // 20)):
            (cid, token), ws = opened[i], wss[i]
            t1 = time.perf_counter()
            async with client.post(
                f"{stack.gateway_url}/api/v1/conversations/{cid}/messages",
                json={"text": "J'accepte"},
                headers={"Authorization": f"Bearer {token}"},
            ) as r:
                r.raise_for_status()
                await r.read()
            while True:
                frame = await ws.receive_json(timeout=30)
                if frame.get("type") == "message" and frame["message"]["sender"] == "bot":
                    delivery.append(time.perf_counter() - t1)
                    break
    finally:
        await asyncio.gather(*(ws.close() for ws in wss), return_exceptions=True)
        await sockets_session.close()
    return {
        "sockets": len(wss),
        "opened_per_s": round(len(wss) / open_s, 1),
        "redis_connections": {"before": before, "with_sockets": with_sockets},
        "gateway_rss_mb": {"before": rss_before, "with_sockets": rss_with},
        "kb_per_socket": round((rss_with - rss_before) * 1024 / max(1, len(wss)), 1),
        "rest_message_to_socket": summary(delivery),
    }


async def measure(stack: Stack, quick: bool) -> dict:
    n = 3 if quick else 8
    async with client_session() as client:
        gateway = Target(stack, client, "gateway")
        direct = Target(stack, client, "rasa")
        await unloaded(gateway, 2)  # warm-up
        await unloaded(direct, 2)
        interleaved = await unloaded_interleaved(stack, client, gateway, direct, 2 * n)
        results = {name: summary(values) for name, values in interleaved.items()}
        results["sms_webhook_to_twiml"] = await sms_webhook(stack, client, n)
        results["along_conversation"] = await along_conversation(gateway, max(2, n // 2))
        results["along_conversation_rasa_direct"] = await along_conversation(direct, max(2, n // 2))
        sat_seconds = 20 if quick else 40  # in windows of 5 s (quick) or 10 s
        sat = await saturation_interleaved({"rasa_direct": direct, "gateway": gateway}, 20, sat_seconds)
        results["saturation_rasa_direct"], results["saturation_gateway"] = sat["rasa_direct"], sat["gateway"]
        sat = results["saturation_gateway"]["messages_per_s"]
        patients = max(2, int(0.6 * sat * (4 + results["gateway"]["p50_ms"] / 1000)))
        results["human_pace"] = await human_pace(gateway, patients, 20 if quick else 40)
    results["memory_mb"] = {name: rss_mb(proc.pid) for name, proc in stack.procs.items()}
    results["memory_mb"]["total"] = round(sum(results["memory_mb"].values()), 1)
    async with client_session() as client:
        results["open_sockets"] = await open_sockets(stack, client, 200 if quick else 1000)
    return results


async def scale_throughput(n_rasa: int, quick: bool) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix="triage-bench-"))
    with Stack(
        ports=Ports.random(), var_dir=var_dir, quiet=True, n_rasa=n_rasa, n_gateways=n_rasa, env=BENCH_ENV
    ) as stack:
        async with client_session() as client:
            gateway = Target(stack, client, "gateway")
            await unloaded(gateway, 1)
            return await saturation(gateway, 20, 10 if quick else 20)


def protocol_cost(quick: bool) -> dict:
    """The protocol's red-flag reading of one message, in this process (the action server and
    Rasa's red-flag component each run it once per message): a typical message, a 5,000-character
    one, and 5,000 characters of random mixed scripts, first read (cold typo cache) then again."""
    from actions.protocol import load_protocol

    protocol = load_protocol()
    rnd = random.Random(4)
    alphabet = "abcdefghijklmnopqrstuvwxyzéèàùç ’'.,!?😀\u202e\x00ßœæ中文"
    base = (
        "Bonjour docteur, je vous écris parce que depuis quelques jours je me sens fatigué, "
        "pas de fièvre, un peu mal au dos, je dors mal, je mange normalement. "
    )
    texts = {
        "typical": "jai mal o ventre depuis hier soir et jai vomi 2 fois, pas de fievre",
        # read twice: as written and without its intensifiers (actions/protocol/matcher.py)
        "intensifier": "j'ai vraiment très mal au ventre, toujours depuis hier, et je vomis encore souvent",
        "long_5000": (base * 60)[:5000],
    }
    runs = 5 if quick else 30
    out = {}
    for name, text in texts.items():
        protocol.detect_red_flags(text)  # warm the typo cache
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            protocol.detect_red_flags(text)
            times.append(time.perf_counter() - t0)
        out[name] = summary(times)
    noise = "".join(rnd.choice(alphabet) for _ in range(5000))
    t0 = time.perf_counter()
    protocol.detect_red_flags(noise)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    protocol.detect_red_flags(noise)
    out["random_5000_ms"] = {
        "first": round(cold * 1000, 1),
        "again": round((time.perf_counter() - t0) * 1000, 1),
    }
    return out


def ratios(r: dict) -> dict:
    floor = r["nlu_parse"]["p50_ms"]
    return {
        "gateway_p50_over_nlu_p50": round(r["gateway"]["p50_ms"] / floor, 2),
        "rasa_direct_p50_over_nlu_p50": round(r["rasa_direct"]["p50_ms"] / floor, 2),
        "msg30_over_msg3_p50": round(
            r["along_conversation"]["30th"]["p50_ms"] / r["along_conversation"]["3rd"]["p50_ms"], 2
        ),
        "human_pace_p95_over_gateway_p50": round(r["human_pace"]["p95_ms"] / r["gateway"]["p50_ms"], 2),
        # The load the human-pace patients actually put on the stack (aimed at 0.6).
        "human_pace_rate_over_saturation": round(
            r["human_pace"]["messages_per_s"] / r["saturation_gateway"]["messages_per_s"], 2
        ),
        "saturation_gateway_over_direct": round(
            r["saturation_gateway"]["messages_per_s"] / r["saturation_rasa_direct"]["messages_per_s"], 2
        ),
    }


def print_table(report: dict) -> None:
    r = report["results"]
    floor = r["nlu_parse"]["p50_ms"]
    rows = [
        ("NLU parse alone (floor)", r["nlu_parse"]),
        ("Message direct to Rasa REST", r["rasa_direct"]),
        ("Message through the gateway", r["gateway"]),
        ("SMS webhook to TwiML", r["sms_webhook_to_twiml"]),
        ("3rd message of a conversation", r["along_conversation"]["3rd"]),
        ("30th message of a conversation", r["along_conversation"]["30th"]),
        (f"Human pace ({r['human_pace']['patients']} patients)", r["human_pace"]),
        ("Saturation, direct Rasa", r["saturation_rasa_direct"]),
        ("Saturation, gateway", r["saturation_gateway"]),
    ]
    print(f"\n{'measure':38} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'×floor':>7} {'msg/s':>7}")
    for name, s in rows:
        print(
            f"{name:38} {s['p50_ms']:8.1f} {s['p95_ms']:8.1f} {s['p99_ms']:8.1f} "
            f"{s['p50_ms'] / floor:7.2f} {s.get('messages_per_s', ''):>7}"
        )
    print("\nRatios:", json.dumps(report["ratios"], indent=1))
    for name in ("saturation_rasa_direct", "saturation_gateway"):
        print(
            f"CPU ms per message, {name}:",
            json.dumps(r[name]["cpu_ms_per_message"]),
            f"-> {r[name]['messages_per_s_per_core']} messages/s per core",
        )
    print("Memory (MB):", json.dumps(r["memory_mb"]))
    print(f"Cold start to /readyz: {report['cold_start_s']} s; training: {report['training_s']} s")
    print("Protocol red-flag reading, one message (ms):", json.dumps(report["protocol_ms"]))
    sockets = r["open_sockets"]
    print(
        f"{sockets['sockets']} open patient sockets on one gateway: Redis connections",
        json.dumps(sockets["redis_connections"]),
        f"gateway {sockets['gateway_rss_mb']['before']} -> {sockets['gateway_rss_mb']['with_sockets']} MB"
        f" ({sockets['kb_per_socket']} kB each), a REST message reaches its socket in p50",
        f"{sockets['rest_message_to_socket']['p50_ms']} ms",
    )
    if "scale" in report:
        print("Throughput with 1 and 2 Rasa processes:", json.dumps(report["scale"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="shorter runs (a smoke test of the bench)")
    parser.add_argument("--no-scale", action="store_true", help="skip the 1 vs 2 Rasa processes run")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="triage-bench-"))
    # The bench plays 30-message conversations as fast as it can: lift the per-conversation limit.
    with Stack(ports=Ports.random(), var_dir=var_dir, quiet=True, env=BENCH_ENV) as stack:
        cold = round(stack.cold_start_s, 1)
        results = asyncio.run(measure(stack, args.quick))
    train = ROOT / "models" / ".train_seconds"
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "cold_start_s": cold,
        "training_s": float(train.read_text()) if train.exists() else None,
        "results": results,
        "ratios": ratios(results),
        "protocol_ms": protocol_cost(args.quick),
    }
    if not args.no_scale:
        report["scale"] = {
            f"{n}_rasa": asyncio.run(scale_throughput(n, args.quick))["messages_per_s"] for n in (1, 2)
        }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2))
    print_table(report)
    print(f"\nWritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A Redis lock store for Rasa whose ticket queue changes atomically, on the non-blocking client.

Rasa processes the messages of one conversation one at a time, in the order their tickets were
issued, whichever replica receives them. Its own RedisLockStore keeps each conversation's
tickets as one JSON value that it reads (GET), changes in Python and writes back (SET): two
replicas issuing a ticket for the same conversation at the same moment can both read the same
value, and the ticket written first is lost, so two of that conversation's messages run at once.
It also makes about six blocking round trips per message on Rasa's event loop, and a message
that waits polls once a second.

Here each step is one Lua script, run atomically by Redis, through redis.asyncio:
- a ticket is a random id made by the replica, queued in a sorted set (`:queue`) in the order
  of an `INCR` on `<prefix>lock:{<id>}:next`, with its expiry in a hash (`:exp`), Redis' own
  clock for both. Issuing the same id twice (a client retrying after a lost reply) queues it
  once, and a replica only ever releases its own id, so no retry or late release can leave a
  ticket that nobody holds or free someone else's;
- a ticket is served when it heads the queue; expired tickets at the head are dropped (a replica
  that died holding the lock stops blocking the conversation after the lock lifetime);
- a waiting message polls every 20 ms. The braces make the three keys of a conversation one hash
  slot, as Redis Cluster requires of a script's keys.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.redis_client import redis_client

logger = logging.getLogger(__name__)

POLL_S = 0.02

# KEYS: next, queue, exp. ARGV: ticket id, lifetime (ms). Returns the ticket's place number.
_ISSUE = """
local known = redis.call('ZSCORE', KEYS[2], ARGV[1])
if known then return tonumber(known) end
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local n = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], n, ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], now + tonumber(ARGV[2]))
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return n
"""

# KEYS: queue, exp. ARGV: ticket id. 1: served now; 0: wait; -1: the ticket is gone (expired).
_ACQUIRE = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
while true do
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if not head then return -1 end
  local expires = tonumber(redis.call('HGET', KEYS[2], head) or '0')
  if expires > now then
    if head == ARGV[1] then return 1 end
    if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
    return -1
  end
  redis.call('ZREM', KEYS[1], head)
  redis.call('HDEL', KEYS[2], head)
end
"""

# KEYS: next, queue, exp. ARGV: ticket id. The last ticket out deletes the lock.
_RELEASE = """
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
return 1
"""


class AtomicRedisLockStore(LockStore):
    """Rasa's lock store interface; `lock()` is the only part Rasa's server and agent use."""

    def __init__(
        self,
        endpoint_config: Optional[EndpointConfig] = None,
        host: Text = "localhost",
        port: Any = 6379,
        db: Any = 0,
        password: Optional[Text] = None,
        key_prefix: Text = "rasa",
        **kwargs: Any,
    ) -> None:
        if endpoint_config is not None:
            options = dict(endpoint_config.kwargs)
            host = endpoint_config.url or host
            port = options.get("port", port)
            db = options.get("db", db)
            password = options.get("password", password)
            key_prefix = options.get("key_prefix", key_prefix)
        self.red = redis_client(host, port, db, password)
        self.prefix = f"{key_prefix}:" if key_prefix else ""
        self._issue = self.red.register_script(_ISSUE)
        self._acquire = self.red.register_script(_ACQUIRE)
        self._release = self.red.register_script(_RELEASE)
        super().__init__()

    def keys(self, conversation_id: Text) -> list[str]:
        base = f"{self.prefix}lock:{{{conversation_id}}}"
        return [f"{base}:next", f"{base}:queue", f"{base}:exp"]

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        """Wait for this message's turn in the conversation, then hold it until the block ends."""
        next_key, queue, exp = self.keys(conversation_id)
        ticket = uuid.uuid4().hex
        poll = min(POLL_S, wait_time_in_seconds)
        try:
            # Inside the `try`: cancelled while issuing, the ticket is still released.
            await self._issue(keys=[next_key, queue, exp], args=[ticket, int(lock_lifetime * 1000)])
            while True:
                state = int(await self._acquire(keys=[queue, exp], args=[ticket]))
                if state == 1:
                    break
                if state == -1:
                    raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
                await asyncio.sleep(poll)
            yield TicketLock(conversation_id)
        finally:
            # Shielded: a cancelled request must still give the conversation back.
            await asyncio.shield(self._release(keys=[next_key, queue, exp], args=[ticket]))

    # The rest of LockStore's interface (the JSON lock of Rasa's own store) is not used here.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return None

    def delete_lock(self, conversation_id: Text) -> None:
        raise NotImplementedError("AtomicRedisLockStore keeps no TicketLock object; use lock().")

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("AtomicRedisLockStore keeps no TicketLock object; use lock().")

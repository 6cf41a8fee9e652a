"""`python -m bot.rasa_server run …` is `rasa run …` with fixes to Rasa 3.6's per-turn costs.

Rasa checks every action server response with `jsonschema.validate(result, schema)`. That
call first validates the schema itself against the JSON Schema meta-schema, every time, and
the schema (Rasa's response format with all its event types) never changes. py-spy on a
questionnaire turn put 64 % of Rasa's CPU in that meta-schema check (2,589 of 4,191
samples), about 40 ms of a 65 ms turn (bench/ and the README give the figures).

`install()` replaces `RemoteAction._validate_action_result` with the same validation done by a
validator built once per action class: same schema, same validator class, same errors and
message as Rasa's (jsonschema's own `validate()` is check_schema + iter_errors + best_match;
tests/unit/test_rasa_server.py compares both on good and bad responses). Even built once, that
validator still took ~5 % of Rasa's CPU on a turn (the schema's `oneOf` over every event type
is tried for each event), so a response is first checked against the same schema compiled by
fastjsonschema, each event against the one type its name allows (`_compile` says why that is
the same check); only a response it refuses goes through jsonschema, which decides and words
the error.

It also bounds Rasa's wait for the action server (ACTION_TIMEOUT_S, default 15 s; tested in
tests/integration/test_faults.py with a frozen action server), and fixes three per-message
costs that a profile of questionnaire turns showed:
- `EndpointConfig.request` opens a new aiohttp session, hence a new TCP connection, for every
  action call. Each endpoint now keeps one session with a keep-alive pool, whose idle
  connections close (2 s) before the action server's own keep-alive timeout (Sanic, 5 s), so a
  pooled connection is never one the server is closing. Its request bodies (the whole tracker,
  for each action call) are written by ujson, already one of Rasa's dependencies: the standard
  library's encoder was 3 % of Rasa's CPU on a turn (`_dumps` falls back to it whenever ujson
  raises, so no body the standard library could write is refused);
- `Event.resolve_by_type` walks every subclass of `Event` (with `inspect.isabstract`) for each
  event it deserialises, about 4 % of Rasa's CPU per turn; the class found for a type name is
  now remembered (the classes never change once imported);
- `Domain.is_empty()`, asked for every message, builds an empty `Domain` (with its sanity
  checks) and serialises both domains to compare them, about 3 % of a turn; a domain does not
  change once loaded, so the answer is remembered on it;
- the model's graphs (NLU for each message, the policies for each prediction, twice a
  questionnaire turn) ran through dask's local scheduler, which for each run rebuilt the
  minimal schema, ordered the tasks and scheduled them one by one: 3 % of Rasa's CPU on a
  turn beyond the components' own work. The order of each set of targets is computed once and
  the nodes are called in it, in the same thread, with the same inputs as dask gives them.

And it keeps a failed tracker read from turning into a fresh conversation: Rasa's
FailSafeTrackerStore answers a retrieve that raised (Redis unreachable, every pooled connection
busy past REDIS_POOL_TIMEOUT_S) with None, and the turn then runs on an empty tracker: the
patient in the middle of a questionnaire gets the answer a first message would get. The error
now propagates, Rasa's REST channel answers nothing, and the gateway tells the patient the
assistant is unavailable, with the emergency numbers (tests/unit/test_redis_client.py).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Callable, Optional, Text, Type

import aiohttp
import fastjsonschema
import ujson
from jsonschema import exceptions, validators
from rasa.core.actions import action as rasa_action
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core import events as rasa_events
from rasa.shared.core.domain import Domain
from rasa.utils import endpoints as rasa_endpoints

from bot.redis_client import positive_setting

# Below Sanic's KEEP_ALIVE_TIMEOUT (5 s), so the client always closes an idle connection first.
KEEPALIVE_S = 2.0

_VALIDATORS: dict[type, Any] = {}
_FAST_CHECKS: dict[type, Callable[[Any], Any]] = {}


def _fast_check(action_class: type) -> Callable[[Any], Any]:
    """The same schema compiled to Python by fastjsonschema: the check of a valid response."""
    check = _FAST_CHECKS.get(action_class)
    if check is None:
        check = _FAST_CHECKS[action_class] = _compile(action_class.action_response_format_spec())
    return check


def _compile(schema: dict) -> Callable[[Any], Any]:
    """fastjsonschema's check of `schema`, with the events' `oneOf` dispatched on the event name.

    Compiled as is, the `oneOf` over every event type tries all 23 types on every event (each
    refusal an exception), 8 % of Rasa's CPU on a questionnaire turn. But each type requires
    `event` to be one constant, and `event` itself is required: an event can only match the
    type its name gives, so "exactly one type matches" is "the type named by `event` matches".
    The check below is that: the rest of the schema, then each event against its own type.
    Any other shape of schema (another Rasa) is compiled whole.
    """
    try:
        items = schema["properties"]["events"]["items"]
        alternatives = items["oneOf"]
        names = [alt["properties"]["event"]["const"] for alt in alternatives]
    except (KeyError, TypeError):
        return fastjsonschema.compile(schema)
    if len(set(names)) != len(names) or "event" not in items.get("required", ()):
        return fastjsonschema.compile(schema)
    by_name = {name: fastjsonschema.compile(alt) for name, alt in zip(names, alternatives, strict=True)}
    rest = {k: v for k, v in items.items() if k != "oneOf"}
    outer = fastjsonschema.compile(
        {
            **schema,
            "properties": {
                **schema["properties"],
                "events": {**schema["properties"]["events"], "items": rest},
            },
        }
    )

    def check(result: Any) -> Any:
        outer(result)  # the object, the events array, each event's `event` string and common fields
        events = result.get("events")
        if isinstance(events, list):
            for event in events:
                alternative = by_name.get(event["event"])
                if alternative is None:
                    raise fastjsonschema.JsonSchemaException(f"unknown event type {event['event']!r}")
                alternative(event)
        return result

    return check


def _validator(action_class: type) -> Any:
    validator = _VALIDATORS.get(action_class)
    if validator is None:
        schema = action_class.action_response_format_spec()
        cls = validators.validator_for(schema)
        cls.check_schema(schema)  # once, instead of once per response
        validator = _VALIDATORS[action_class] = cls(schema)
    return validator


def _validate_action_result(self: rasa_action.RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _fast_check(type(self))(result)
        return True
    except fastjsonschema.JsonSchemaException:
        pass  # jsonschema decides, and words the error exactly as Rasa does
    error = exceptions.best_match(_validator(type(self)).iter_errors(result))
    if error is not None:
        # Rasa's own wording (rasa/core/actions/action.py, RemoteAction._validate_action_result).
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def _dumps(body: Any) -> str:
    """JSON for an action call: ujson, or the standard library for what ujson cannot write."""
    try:
        return ujson.dumps(body, escape_forward_slashes=False)
    except (OverflowError, TypeError, ValueError):
        return json.dumps(body)


class _KeptSession:
    """`async with endpoint.session()` without closing the endpoint's pooled session at the end."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc: Any) -> None:
        return None


def _pooled_session(self: rasa_endpoints.EndpointConfig) -> _KeptSession:
    """Rasa's `EndpointConfig.session()` (same headers, auth, timeout), made once per event loop."""
    loop = asyncio.get_running_loop()
    session: Optional[aiohttp.ClientSession] = getattr(self, "_pooled_session", None)
    if session is None or session.closed or getattr(self, "_pooled_loop", None) is not loop:
        auth = (
            aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
            if self.basic_auth
            else None
        )
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=rasa_endpoints.DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_S),
            json_serialize=_dumps,
        )
        self._pooled_session, self._pooled_loop = session, loop
    return _KeptSession(session)


_EVENT_TYPES: dict[str, Optional[Type[rasa_events.Event]]] = {}
_resolve_by_type = rasa_events.Event.resolve_by_type


def _cached_resolve_by_type(
    type_name: Text, default: Optional[Type[rasa_events.Event]] = None
) -> Optional[Type[rasa_events.Event]]:
    """`Event.resolve_by_type`, remembering the class found for each type name."""
    if type_name in _EVENT_TYPES:
        found = _EVENT_TYPES[type_name]
        return found if found is not None else default
    try:
        found = _resolve_by_type(type_name)
    except ValueError:
        if default is None:
            raise
        return default  # an unknown name is not remembered: a class may be imported later
    if found is not None:
        _EVENT_TYPES[type_name] = found
    return found


_domain_is_empty = Domain.is_empty


def _cached_is_empty(self: Domain) -> bool:
    """`Domain.is_empty`, computed once per domain object."""
    cached = self.__dict__.get("_is_empty_cached")
    if cached is None:
        cached = self.__dict__["_is_empty_cached"] = _domain_is_empty(self)
    return cached


def _execution_order(schema: GraphSchema, targets: list[Text]) -> tuple[Text, ...]:
    """The nodes the targets need, each after the nodes it needs (what dask would run)."""
    order: list[Text] = []
    seen: set[Text] = set()

    def visit(name: Text) -> None:
        if name in seen or name not in schema.nodes:  # an input placeholder is not a node
            return
        seen.add(name)
        for needed in schema.nodes[name].needs.values():
            visit(needed)
        order.append(name)

    for target in targets:
        visit(target)
    return tuple(order)


def _run_in_order(
    self: DaskGraphRunner, inputs: Optional[dict[Text, Any]] = None, targets: Optional[list[Text]] = None
) -> dict[Text, Any]:
    """`DaskGraphRunner.run` without dask: the same nodes, called in dependency order."""
    run_targets = targets if targets else self._graph_schema.target_names
    orders = self.__dict__.setdefault("_execution_orders", {})
    order = orders.get(tuple(run_targets))
    if order is None:
        order = orders[tuple(run_targets)] = _execution_order(self._graph_schema, run_targets)
    # Each value is what dask hands a node: (name, output), or the bare name if nothing provides
    # it (GraphNode then reports the missing input by name, as under dask).
    values: dict[Text, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in order:
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the input "
                f"names passed to the `run` method are the same as node names in the graph schema."
            )
        values[name] = (name, value)
    nodes, instances = self._graph_schema.nodes, self._instantiated_nodes
    try:
        for name in order:
            values[name] = instances[name](*(values.get(n, n) for n in nodes[name].needs.values()))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    return dict(values[t] for t in run_targets)


_rasa_model_load = None


def _load_for_inference(
    cls: type,
    model_file_name: Text,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> Any:
    """`RasaModel.load` without its one training step: two thirds of Rasa's cold start.

    Rasa builds the model's weights by fitting it on one example, which traces the whole
    training graph (loss, CRF gradients) only to throw it away: py-spy put 66 % of the start in
    that `fit`. A forward pass creates every weight inference uses; the trained values are then
    restored into them (the optimizer's slots in the checkpoint are not needed to predict), and
    the prediction step is prepared and traced again from the restored weights, as Rasa does
    after its fit. Fine-tuning keeps Rasa's own load. tests/integration/test_model_load.py
    checks both loads give the same intents, confidences and entities.
    """
    if finetune_mode or predict_data_example is None:
        return _rasa_model_load.__func__(
            cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
        )
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY

    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(
        optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
        run_eagerly=config.get(RUN_EAGERLY),
    )
    model.run_inference(predict_data_example)  # creates the weights (values not yet trained)
    model.load_weights(model_file_name).expect_partial()
    # What the first prediction computed from untrained weights (label embeddings, the traced
    # step that captured them) is computed again from the trained ones.
    model.prepared_for_prediction = False
    model._tf_predict_step = None
    model.run_inference(predict_data_example)
    return model


def _retrieve_or_raise(method: str) -> Callable[..., Any]:
    async def retrieve(self: FailSafeTrackerStore, sender_id: Text) -> Any:
        try:
            return await getattr(self._tracker_store, method)(sender_id)
        except Exception as exc:
            self.on_tracker_store_retrieve_error(exc)  # Rasa's log line, then fail the turn
            raise

    retrieve.__name__ = method
    return retrieve


def install() -> None:
    rasa_action.RemoteAction._validate_action_result = _validate_action_result
    rasa_endpoints.EndpointConfig.session = _pooled_session
    rasa_events.Event.resolve_by_type = staticmethod(_cached_resolve_by_type)
    Domain.is_empty = _cached_is_empty
    DaskGraphRunner.run = _run_in_order
    FailSafeTrackerStore.retrieve = _retrieve_or_raise("retrieve")
    FailSafeTrackerStore.retrieve_full_tracker = _retrieve_or_raise("retrieve_full_tracker")
    global _rasa_model_load
    from rasa.utils.tensorflow.models import RasaModel

    if _rasa_model_load is None:
        _rasa_model_load = RasaModel.__dict__["load"]
        RasaModel.load = classmethod(_load_for_inference)
    # Rasa waits up to 5 minutes (rasa.core.constants.DEFAULT_REQUEST_TIMEOUT) for an action;
    # a hung action server would hold that conversation, and its lock, that long. The gateway
    # answers the patient within 5 s anyway; this frees the conversation after ACTION_TIMEOUT_S.
    rasa_action.DEFAULT_REQUEST_TIMEOUT = positive_setting("ACTION_TIMEOUT_S", 15.0, whole=False)


def main() -> None:
    try:
        install()
    except ValueError as exc:  # a setting that is not a number: say which, without a traceback
        raise SystemExit(f"rasa_server: {exc}") from None
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()

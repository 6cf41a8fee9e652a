"""`python -m bot.rasa_server run …` is `rasa run …` with two fixes to Rasa 3.6.

Rasa checks every action server response with `jsonschema.validate(result, schema)`. That
call first validates the schema itself against the JSON Schema meta-schema, every time, and
the schema (Rasa's response format with all its event types) never changes. py-spy on a
questionnaire turn put 64 % of Rasa's CPU in that meta-schema check (2,589 of 4,191
samples), about 40 ms of a 65 ms turn (bench/ and the README give the figures).

`install()` replaces `RemoteAction._validate_action_result` with the same validation done by a
validator built once per action class: same schema, same validator class, same errors and
message as Rasa's (jsonschema's own `validate()` is check_schema + iter_errors + best_match;
tests/unit/test_rasa_server.py compares both on good and bad responses).

It also bounds Rasa's wait for the action server (ACTION_TIMEOUT_S, default 15 s; tested in
tests/integration/test_faults.py with a frozen action server).
"""

from __future__ import annotations

import os
from typing import Any

from jsonschema import exceptions, validators
from rasa.core.actions import action as rasa_action
from rasa.shared.constants import DOCS_BASE_URL

_VALIDATORS: dict[type, Any] = {}


def _validator(action_class: type) -> Any:
    validator = _VALIDATORS.get(action_class)
    if validator is None:
        schema = action_class.action_response_format_spec()
        cls = validators.validator_for(schema)
        cls.check_schema(schema)  # once, instead of once per response
        validator = _VALIDATORS[action_class] = cls(schema)
    return validator


def _validate_action_result(self: rasa_action.RemoteAction, result: dict[str, Any]) -> bool:
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


def install() -> None:
    rasa_action.RemoteAction._validate_action_result = _validate_action_result
    # Rasa waits up to 5 minutes (rasa.core.constants.DEFAULT_REQUEST_TIMEOUT) for an action;
    # a hung action server would hold that conversation, and its lock, that long. The gateway
    # answers the patient within 5 s anyway; this frees the conversation after ACTION_TIMEOUT_S.
    rasa_action.DEFAULT_REQUEST_TIMEOUT = float(os.environ.get("ACTION_TIMEOUT_S", "15"))


def main() -> None:
    install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()

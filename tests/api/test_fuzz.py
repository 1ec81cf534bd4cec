"""Schemathesis drives every API operation with generated input: no 5xx, responses match the schema."""

from bench.fuzz import fuzz, seed_app
from tests.service_fixtures import PASSWORD


def test_every_operation_survives_generated_input(app) -> None:  # type: ignore[no-untyped-def]
    identities, known = seed_app(app, PASSWORD)
    result = fuzz(app, identities, max_examples=5, known=known)
    assert result.operations >= 30 and result.calls >= result.operations * len(identities)
    assert not result.failures, "\n".join(result.describe())

import re
from pathlib import Path

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.ants.sandbox_helpers import LYON, Api, person

DOC = Path(__file__).resolve().parents[2] / "docs" / "ants-api.md"
MENTION = re.compile(r"`(GET|POST|PUT|DELETE|PATCH) (/[^`?\s]*)")
EXAMPLES_PER_OPERATION = 8
CHECKS = (not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance)


def documented_endpoints() -> set[tuple[str, str]]:
    found = set()
    for method, path in MENTION.findall(DOC.read_text(encoding="utf-8")):
        path = path.removeprefix("/api/v1")
        if not path.startswith("/_control"):
            found.add((method, path))
    return found


def served_endpoints(server) -> set[tuple[str, str]]:
    document = requests.get(f"{server.url}/openapi.json", timeout=10).json()
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item}


def test_openapi_lists_exactly_the_documented_endpoints(ants_sandbox):
    documented, served = documented_endpoints(), served_endpoints(ants_sandbox)

    assert documented - served == set(), "documented but not in /openapi.json"
    assert served - documented == set(), "in /openapi.json but not documented"


def test_openapi_is_3_1_with_bearer_security_and_the_error_schema(ants_sandbox):
    document = requests.get(f"{ants_sandbox.url}/openapi.json", timeout=10).json()

    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    assert document["paths"]["/auth/token"]["post"]["security"] == []
    assert "Error" in document["components"]["schemas"]
    assert not any(path.startswith("/_control") for path in document["paths"])


def test_fuzzing_the_sandbox_finds_no_server_error_and_responses_match_the_schema(ants_sandbox):
    """Schemathesis, positive and negative data, a few examples per operation (< 60 s).

    Operations on one demande run against a real draft of the account as well as random numbers."""
    api = Api(ants_sandbox, LYON)
    draft = api.create(person())["numero"]
    schema = schemathesis.openapi.from_url(f"{ants_sandbox.url}/openapi.json")
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        strategies = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
        if "{numero}" in operation.path:
            strategies.append(operation.as_strategy(path_parameters={"numero": draft}))
        for strategy in strategies:
            failure = _fuzz(strategy, ants_sandbox.url, api.headers)
            if failure:
                failures.append(f"{operation.label}: {failure}")

    assert failures == []


def test_the_fuzzing_harness_reports_server_errors(ants_sandbox):
    api = Api(ants_sandbox, LYON)
    operation = schemathesis.openapi.from_url(f"{ants_sandbox.url}/openapi.json")["/demandes"]["GET"]
    ants_sandbox.control("faults/errors", ratio=1.0)

    assert "Server error" in _fuzz(operation.as_strategy(), ants_sandbox.url, api.headers)


def _fuzz(strategy, url: str, headers: dict) -> str:
    """The first failure Hypothesis finds with this strategy, or ""."""

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        response = case.call(base_url=f"{url}/api/v1", headers=headers, timeout=30)
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:  # negative data for an operation that takes no input
        return ""
    except (Exception, FailureGroup) as error:  # noqa: BLE001 - every failure is reported together
        return str(error)[:2000]
    return ""

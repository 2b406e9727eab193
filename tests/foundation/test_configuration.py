"""The configuration files agree with each other: settings, .env.example, docker-compose.yml, README."""

import re
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parents[2]


def read(name: str) -> str:
    return (BASE_DIR / name).read_text()


def settings_variables() -> set[str]:
    source = read("autoecole/settings.py")
    called = re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source)
    tested = re.findall(r'"([A-Z_]+)" (?:not )?in env', source)
    return set(called) | set(tested)


def env_example_variables() -> set[str]:
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", read(".env.example"), flags=re.MULTILINE))


def compose() -> dict:
    return yaml.safe_load(read("docker-compose.yml"))


def test_env_example_documents_every_variable_settings_reads():
    missing = settings_variables() - env_example_variables()
    assert not missing, f"Add to .env.example: {sorted(missing)}"


def test_compose_sets_every_variable_of_env_example():
    missing = env_example_variables() - set(compose()["x-app-env"])
    assert not missing, f"Add to x-app-env in docker-compose.yml: {sorted(missing)}"


def test_compose_runs_every_process_with_a_health_check():
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat", "ants-sandbox"}
    assert all("healthcheck" in service for service in services.values())
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_readme_explains_every_requirement():
    readme = read("README.md").lower()
    packages = re.findall(
        r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==", read("requirements.txt"), flags=re.MULTILINE
    )
    unexplained = [package for package in packages if f"`{package.lower()}`" not in readme]
    assert not unexplained, f"Say in README.md why these are needed: {unexplained}"


def test_readme_gives_the_two_commands():
    readme = read("README.md")
    assert "make run" in readme and "make test" in readme

"""The production-like docker-compose path, checked without a Docker engine: the compose file, the
Dockerfile, .dockerignore and .env.example agree with each other and with the code they start."""

from __future__ import annotations

import ast
import fnmatch
import importlib
import importlib.util
import json
import logging
import re
import runpy
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
LONG_RUNNING = ("db", "redis", "web", "worker", "beat")
APP_SERVICES = ("web", "worker", "beat", "migrate")
ENV_HELPERS = {"env_str", "env_bool", "env_int", "env_list"}


def load_compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = load_compose()["services"]
    return found


def with_defaults(value: str) -> str:
    """What compose makes of a string when .env sets nothing optional: defaults filled in."""
    value = re.sub(r"\$\{(\w+):?-([^}]*)\}", r"\2", value)
    value = re.sub(r"\$\{(\w+):?\?[^}]*\}", r"<\1>", value)
    return value.replace("$$", "$")


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined: list[str] = []
    current = ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.strip().startswith("#") or not line.strip():
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        joined.append(current + line.strip())
        current = ""
    pairs = []
    for statement in joined:
        instruction, _, arguments = statement.partition(" ")
        pairs.append((instruction.upper(), arguments.strip()))
    return pairs


def dockerfile_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for instruction, arguments in dockerfile_instructions():
        if instruction == "ENV":
            for pair in arguments.split():
                name, _, value = pair.partition("=")
                env[name] = value
    return env


def load_healthcheck_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("voorveld_healthcheck", ROOT / "docker" / "healthcheck.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_names_existing_code(argv: list[str]) -> None:
    """Fails unless the command starts something that exists in this checkout."""
    program = argv[0]
    if program == "gunicorn":
        if "--config" in argv:
            assert (ROOT / argv[argv.index("--config") + 1]).is_file()
        target = next(arg for arg in argv[1:] if ":" in arg and not arg.startswith("-"))
        module_name, _, attribute = target.partition(":")
        assert (ROOT / (module_name.replace(".", "/") + ".py")).is_file()
        assert callable(getattr(importlib.import_module(module_name), attribute))
    elif program == "celery":
        app = find_app(argv[argv.index("-A") + 1])
        assert isinstance(app, Celery)
        assert (ROOT / "voorveld" / "celery.py").is_file()
    elif program == "python":
        script = ROOT / argv[1]
        assert script.is_file(), f"{argv[1]} does not exist"
        if argv[1] == "manage.py":
            assert argv[2] in get_commands(), f"no management command {argv[2]}"
    else:
        pytest.fail(f"unexpected program in a command: {argv}")


def test_compose_file_defines_db_redis_web_worker_and_beat() -> None:
    assert set(LONG_RUNNING) <= set(services())
    assert services()["db"]["image"].startswith("postgres:15")
    assert services()["redis"]["image"].startswith("redis:7")


def test_web_worker_beat_and_migrate_share_one_image_built_from_the_dockerfile() -> None:
    builds = {json.dumps(services()[name].get("build"), sort_keys=True) for name in APP_SERVICES}
    images = {services()[name].get("image") for name in APP_SERVICES}
    assert builds == {json.dumps(".")}
    assert len(images) == 1 and None not in images
    assert (ROOT / "Dockerfile").is_file()


def test_every_service_command_names_code_that_exists() -> None:
    for name in APP_SERVICES:
        assert_names_existing_code(services()[name]["command"])
    assert services()["web"]["command"][0] == "gunicorn"
    assert services()["worker"]["command"][:4] == ["celery", "-A", "voorveld", "worker"]
    assert services()["beat"]["command"][:4] == ["celery", "-A", "voorveld", "beat"]


def test_the_image_starts_the_web_server_by_default() -> None:
    commands = [arguments for instruction, arguments in dockerfile_instructions() if instruction == "CMD"]
    assert len(commands) == 1
    assert json.loads(commands[0]) == services()["web"]["command"]


def test_every_long_running_service_has_a_healthcheck_that_names_existing_code() -> None:
    for name in LONG_RUNNING:
        test = services()[name]["healthcheck"]["test"]
        assert test[0] in ("CMD", "CMD-SHELL"), name
        if name in APP_SERVICES:
            argv = test[1:] if test[0] == "CMD" else with_defaults(test[1]).split()
            assert_names_existing_code(argv)
    assert "$$HOSTNAME" in services()["worker"]["healthcheck"]["test"][1]


def test_web_healthcheck_sends_a_host_that_allowed_hosts_accepts() -> None:
    script = load_healthcheck_script()
    assert script.host_header("voorveld.example.nl,www.voorveld.example.nl") == "voorveld.example.nl"
    assert script.host_header(" .example.nl") == "example.nl"
    assert script.host_header("*") == "localhost"
    assert script.host_header("") == "localhost"
    assert script.main(["healthcheck.py", "nonsense"]) == 2


def test_web_gunicorn_and_healthcheck_agree_on_the_port() -> None:
    config = runpy.run_path(str(ROOT / "docker" / "gunicorn.conf.py"))
    port = config["bind"].rsplit(":", 1)[1]
    published = [with_defaults(entry) for entry in services()["web"]["ports"]]
    assert [entry.rsplit(":", 1)[1] for entry in published] == [port]
    healthz_url = load_healthcheck_script().HEALTHZ_URL
    assert healthz_url == f"http://127.0.0.1:{port}/healthz"


def test_private_media_volume_is_shared_by_web_and_worker_at_media_root() -> None:
    compose = load_compose()
    mounts = {}
    for name in ("web", "worker"):
        service = services()[name]
        media = [entry for entry in service["volumes"] if entry.split(":")[0] == "media"]
        assert len(media) == 1, name
        mounts[name] = media[0].split(":")[1]
        assert service["environment"]["MEDIA_ROOT"] == mounts[name]
    assert mounts["web"] == mounts["worker"] == dockerfile_env()["MEDIA_ROOT"]
    assert "media" in compose["volumes"]
    # Never inside the static files whitenoise serves to anyone.
    static_root = services()["web"]["environment"]["STATIC_ROOT"]
    assert not mounts["web"].startswith(static_root)


def test_beat_runs_as_exactly_one_container() -> None:
    beat = services()["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert beat.get("scale", 1) == 1
    schedule = next(arg for arg in beat["command"] if arg.startswith("--schedule="))
    schedule_dir = str(Path(schedule.split("=", 1)[1]).parent)
    assert any(entry.split(":")[1] == schedule_dir for entry in beat["volumes"])


def test_no_service_publishes_a_port_beyond_localhost() -> None:
    for name, service in services().items():
        for entry in service.get("ports", []):
            if isinstance(entry, dict):
                assert entry.get("host_ip") == "127.0.0.1", name
            else:
                parts = with_defaults(str(entry)).split(":")
                assert len(parts) == 3 and parts[0] == "127.0.0.1", f"{name} publishes {entry}"
    assert "ports" not in services()["db"] and "ports" not in services()["redis"]


def test_app_services_wait_for_healthy_database_redis_and_finished_migrations() -> None:
    for name in ("web", "worker", "beat"):
        depends = services()[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    migrate = services()["migrate"]
    assert migrate["command"][1:3] == ["manage.py", "migrate"]
    assert migrate["restart"] == "no"


def test_compose_refuses_to_start_without_a_secret_key_or_database_password() -> None:
    raw = (ROOT / "docker-compose.yml").read_text()
    assert "${SECRET_KEY:?" in services()["web"]["environment"]["SECRET_KEY"]
    assert "${POSTGRES_PASSWORD:?" in services()["db"]["environment"]["POSTGRES_PASSWORD"]
    example = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", (ROOT / ".env.example").read_text(), re.M))
    # Copying .env.example unchanged must not give a working, guessable secret.
    assert example["SECRET_KEY"] == "" and example["POSTGRES_PASSWORD"] == ""
    for required in re.findall(r"\$\{(\w+):\?", raw):
        assert required in example, f"{required} is required by docker-compose.yml but not in .env.example"


def test_image_runs_production_settings_with_the_static_root_compose_expects() -> None:
    env = dockerfile_env()
    assert env["DJANGO_SETTINGS_MODULE"] == "voorveld.settings.base"
    assert (ROOT / "voorveld" / "settings" / "base.py").is_file()
    assert env["STATIC_ROOT"] == services()["web"]["environment"]["STATIC_ROOT"]
    assert any("collectstatic" in arguments for instruction, arguments in dockerfile_instructions()
               if instruction == "RUN")


def test_dockerfile_copies_only_sources_that_exist_and_are_not_dockerignored() -> None:
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    assert ".env" in ignored and ".git" in ignored
    copies = [arguments.split() for instruction, arguments in dockerfile_instructions()
              if instruction == "COPY"]
    assert copies
    for arguments in copies:
        sources = [arg for arg in arguments[:-1] if not arg.startswith("--")]
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: no such file"
            if source != ".":
                assert not any(fnmatch.fnmatch(source, pattern) for pattern in ignored), source


def test_env_example_documents_every_variable_the_settings_read() -> None:
    tree = ast.parse((ROOT / "voorveld" / "settings" / "base.py").read_text())
    read: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = ast.unparse(node.func)
            if (func in ENV_HELPERS | {"os.environ.get", "os.getenv"}
                    and isinstance(node.args[0].value, str)):
                read.add(node.args[0].value)
        elif (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
              and ast.unparse(node.value) == "os.environ"):
            read.add(str(node.slice.value))
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT"} <= read  # the parser sees them
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    missing = sorted(read - documented)
    assert not missing, f"add these to .env.example with a sentence on each: {missing}"


def test_env_example_documents_every_variable_docker_compose_reads() -> None:
    used = set(re.findall(r"\$\{(\w+)", (ROOT / "docker-compose.yml").read_text()))
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    assert used <= documented, sorted(used - documented)


# --- Hardened production settings: `check --deploy`, https, /healthz, cookies --------------------

PRODUCTION_HOST = "voorveld.example.nl"


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of the `web` container as .env.example and docker-compose.yml make it, with a
    throwaway secret key made here. Built from scratch: nothing of the test process (whose settings
    set SECURE_COOKIES=false and friends in os.environ) leaks in."""
    import os
    import secrets

    from django.db import connection

    database = connection.settings_dict
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "voorveld.settings.base",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": PRODUCTION_HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{PRODUCTION_HOST}",
        "TRUSTED_PROXY_COUNT": "1",
        "DEBUG": "false",
        "DEMO_MODE": "false",
        # The test database (migrated), reached the way the web container reaches its own.
        "DATABASE_URL": (f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
                         f"{database['PORT']}/{database['NAME']}"),
        "REDIS_URL": os.environ["REDIS_URL"],
    }
    env.update(overrides)
    return env


def run_python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.django_db
def test_check_deploy_passes_with_the_production_environment() -> None:
    result = run_python(production_env(), "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "value", "check_id"), [
    ("SECURE_COOKIES", "false", "security.W012"),
    ("SECURE_HSTS_SECONDS", "0", "security.W004"),
    ("SECURE_SSL_REDIRECT", "false", "security.W008"),
    ("DEBUG", "true", "security.W018"),
])
def test_check_deploy_fails_when_a_protection_is_switched_off(name: str, value: str, check_id: str) -> None:
    result = run_python(production_env(**{name: value}), "manage.py", "check", "--deploy",
                        "--fail-level", "WARNING")
    assert result.returncode != 0
    assert check_id in result.stderr + result.stdout


PROBE = r"""
import json, logging
import django
django.setup()
from django.conf import settings
from django.test import Client

# The one difference from the image: static files straight from static/, not from collectstatic's
# manifest (collecting them takes 40 seconds; templates would fail on the missing manifest).
settings.STORAGES = {**settings.STORAGES,
                     "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

host = {"HTTP_HOST": "voorveld.example.nl"}
https = {**host, "HTTP_X_FORWARDED_PROTO": "https"}
client = Client()
out = {}
response = client.get("/healthz", **host)
out["healthz_http"] = [response.status_code, response.get("Location")]
response = client.get("/account/inloggen/", **host)
out["login_http"] = [response.status_code, response.get("Location")]
response = client.get("/account/inloggen/", **https)
out["login_https"] = {
    "status": response.status_code,
    "headers": {key.lower(): value for key, value in response.headers.items()},
    "cookies": {name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]),
                       "samesite": m["samesite"]} for name, m in response.cookies.items()},
}
response = client.get("/healthz", HTTP_HOST="voorveld.example.nl", HTTP_X_FORWARDED_PROTO="http")
out["healthz_forged_http"] = response.status_code
out["settings"] = {name: getattr(settings, name) for name in (
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE", "LANGUAGE_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER")}
out["db_log_level"] = logging.getLogger("django.db.backends").getEffectiveLevel()
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production_probe(django_db_blocker: Any, django_db_setup: None) -> dict[str, Any]:
    with django_db_blocker.unblock():
        env = production_env(LOG_LEVEL="DEBUG")
    result = run_python(env, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    probe: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return probe


@pytest.mark.django_db
def test_healthz_answers_over_plain_http_while_every_other_page_redirects_to_https(
    production_probe: dict[str, Any],
) -> None:
    assert production_probe["healthz_http"] == [200, None]
    status, location = production_probe["login_http"]
    assert status == 301 and location == f"https://{PRODUCTION_HOST}/account/inloggen/"
    assert production_probe["login_https"]["status"] == 200


@pytest.mark.django_db
def test_production_answers_carry_the_security_headers(production_probe: dict[str, Any]) -> None:
    headers = production_probe["login_https"]["headers"]
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.django_db
def test_production_cookies_are_secure_httponly_and_samesite(production_probe: dict[str, Any]) -> None:
    values = production_probe["settings"]
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["LANGUAGE_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    # The CSRF cookie the login page sets, as the browser receives it.
    assert production_probe["login_https"]["cookies"]["csrftoken"] == {
        "secure": True, "httponly": True, "samesite": "Lax"}


@pytest.mark.django_db
def test_the_proxy_header_setting_matches_what_the_compose_proxy_sends(
    production_probe: dict[str, Any],
) -> None:
    # docker-compose.yml's comment: the proxy sets X-Forwarded-Proto; the web healthcheck sends it too.
    assert production_probe["settings"]["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert "X-Forwarded-Proto" in (ROOT / "docker-compose.yml").read_text()
    assert '"X-Forwarded-Proto": "https"' in (ROOT / "docker" / "healthcheck.py").read_text()
    assert production_probe["healthz_forged_http"] == 200


@pytest.mark.django_db
def test_sql_with_its_parameter_values_is_never_logged_in_production(
    production_probe: dict[str, Any],
) -> None:
    # LOG_LEVEL=DEBUG was set for the probe; django.db.backends logs each query with its values at DEBUG.
    assert production_probe["db_log_level"] > logging.DEBUG


def test_gunicorn_access_log_leaves_out_query_strings_and_referrers() -> None:
    config = runpy.run_path(str(ROOT / "docker" / "gunicorn.conf.py"))
    log_format = config["access_log_format"]
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%({"):  # request line with query, query, referrer, headers
        assert atom not in log_format
    assert "%(U)s" in log_format  # the path alone


def test_no_secret_is_committed() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    names = tracked.stdout.split()
    assert ".env" not in names
    pattern = re.compile(
        r"(SECRET_KEY|PASSWORD|API_KEY|TOKEN)\s*[=:]\s*['\"]?(?P<value>[A-Za-z0-9_\-+/]{24,})", re.I)
    # The development, test and build-only keys, and the fictional personas' password.
    allowed = {"dev-only-insecure-key-change-me", "test-only-insecure-key", "build-only-not-secret",
               "correct-horse-battery-staple"}
    for name in names:
        path = ROOT / name
        text_file = path.suffix in {".py", ".sh", ".yml", ".yaml", ".toml", ".example", ".md", ".cfg", ".ini"}
        if text_file or path.name in {"Dockerfile", "Makefile"}:
            for match in pattern.finditer(path.read_text(errors="ignore")):
                assert match.group("value") in allowed, f"{name}: a secret-looking value"

import pytest


@pytest.mark.django_db
def test_reports_database_and_task_backend(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["tasks"]["backend"] == "ImmediateBackend"
    assert len(response["X-Request-ID"]) == 32


# --- Failure modes, each in a fresh process configured through the environment ---

HEALTHZ_SCRIPT = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"status_code": response.status_code, "body": response.json()}))
"""


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthz_in_subprocess(tmp_path, **environment) -> dict:
    import json
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'health.sqlite3'}",
        **environment,
    }
    completed = subprocess.run(
        [sys.executable, "-c", HEALTHZ_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_unreachable_database_gives_503(tmp_path):
    result = _healthz_in_subprocess(
        tmp_path,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{_closed_port()}/yakuba",
        YAKUBA_TASK_BACKEND="immediate",
    )

    assert result["status_code"] == 503
    assert result["body"]["status"] == "fail"
    assert result["body"]["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert result["body"]["checks"]["tasks"] == {"ok": True, "backend": "ImmediateBackend"}


def test_unreachable_redis_broker_gives_503(tmp_path):
    result = _healthz_in_subprocess(
        tmp_path, YAKUBA_TASK_BACKEND="redis", REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0"
    )

    assert result["status_code"] == 503
    assert result["body"]["checks"]["database"]["ok"] is True
    assert result["body"]["checks"]["tasks"] == {"ok": False, "error": "ConnectionError"}


@pytest.mark.redis
def test_reachable_redis_broker_is_healthy(tmp_path):
    from django.conf import settings

    result = _healthz_in_subprocess(
        tmp_path, YAKUBA_TASK_BACKEND="redis", REDIS_URL=settings.REDIS_URL
    )

    assert result["status_code"] == 200
    assert result["body"]["checks"]["tasks"] == {"ok": True, "backend": "RQBackend"}


def test_ping_answers_ok_without_touching_the_database(client):
    # No django_db mark: pytest-django raises on any database access.
    response = client.get("/ping")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"

"""The core tasks on each task backend yakuba supports, with real workers.

- immediate (the test settings' default): the task runs at enqueue time;
- django-tasks-db: enqueued as a row, run by ``manage.py db_worker --batch``;
- django-tasks-rq: enqueued into Redis (database 9, queues named per test,
  so concurrent runs never meet), run by an in-process RQ worker in burst mode.
"""

from __future__ import annotations

import io
import json
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.test import override_settings

from yakuba.core.tasks import ping_task, send_mail_task

DATABASE_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": settings.YAKUBA_TASK_QUEUES,
    }
}
# Redis tests use database 9 of the server in REDIS_URL, with queue names of their own.
REDIS_TEST_URL = urlsplit(settings.REDIS_URL)._replace(path="/9").geturl()


def test_immediate_backend_runs_ping_when_enqueued():
    result = ping_task.enqueue()

    assert isinstance(task_backends["default"], ImmediateBackend)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value.startswith("pong 20")


def test_immediate_backend_sends_mail_on_the_mail_queue():
    result = send_mail_task.enqueue("お知らせ", "本文です。", ["hanako@example.jp"])

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert result.task.queue_name == "mail"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "お知らせ"
    assert mail.outbox[0].body == "本文です。"
    assert mail.outbox[0].to == ["hanako@example.jp"]
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL


def test_failed_mail_is_reported_as_failed_task():
    unreachable_smtp = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 1},
        }
    }
    with override_settings(MAILERS=unreachable_smtp):
        result = send_mail_task.enqueue("件名", "本文", ["hanako@example.jp"])

    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is ConnectionRefusedError


@pytest.mark.django_db(transaction=True)
def test_database_worker_runs_enqueued_tasks():
    with override_settings(TASKS=DATABASE_TASKS):
        ping = ping_task.enqueue()
        mail_result = send_mail_task.enqueue("件名", "本文", ["hanako@example.jp"])
        assert ping.status == TaskResultStatus.READY
        assert mail.outbox == []

        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--queue-name",
            "*",
            "--no-reload",
            stdout=io.StringIO(),
        )

        ping = ping_task.get_result(ping.id)
        mail_result = send_mail_task.get_result(mail_result.id)
    assert ping.status == TaskResultStatus.SUCCESSFUL
    assert ping.return_value.startswith("pong 20")
    assert mail_result.status == TaskResultStatus.SUCCESSFUL
    assert mail_result.return_value == 1
    assert [message.to for message in mail.outbox] == [["hanako@example.jp"]]


class RedisQueues:
    """Task queues of this test only, in Redis database 9: ``queues["mail"]`` is the real queue name.

    Names carry a random token, so concurrent test runs sharing one Redis
    server never see each other's jobs, and nothing is flushed.
    """

    def __init__(self, connection, token: str):
        self.connection = connection
        self.token = token
        self.names = {name: f"test-{token}-{name}" for name in settings.YAKUBA_TASK_QUEUES}

    def __getitem__(self, name: str) -> str:
        return self.names[name]

    def length(self, name: str) -> int:
        return self.connection.llen(f"rq:queue:{self.names[name]}")

    def work(self, name: str) -> bool:
        """Run every job queued on ``name`` in this process, as ``rqworker --burst`` would."""
        import django_rq
        import django_tasks_rq
        import rq

        class BurstWorker(rq.SimpleWorker):
            """No command channel: a burst run takes no remote commands, and stopping the
            pub/sub thread can wait 60 s in redis-py when the machine is busy."""

            def subscribe(self) -> None:
                pass

        worker = django_rq.get_worker(
            self.names[name], job_class=django_tasks_rq.Job, worker_class=BurstWorker
        )
        return worker.work(burst=True)

    def delete_keys(self) -> None:
        keys = list(self.connection.scan_iter(match=f"*test-{self.token}-*"))
        for job_key in self.connection.scan_iter(match="rq:job:*"):
            origin = self.connection.hget(job_key, "origin")
            if origin and origin.decode().startswith(f"test-{self.token}-"):
                job_id = job_key.decode().removeprefix("rq:job:")
                keys += [job_key, f"rq:results:{job_id}"]
        if keys:
            self.connection.delete(*keys)


@pytest.fixture
def redis_queues():
    """RQ task backend on Redis with queues private to this test."""
    import secrets

    import redis

    connection = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis at {REDIS_TEST_URL} does not answer ({error}); `make test` starts one")
    queues = RedisQueues(connection, secrets.token_hex(6))
    tasks = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": list(queues.names.values())}
    }
    # django-tasks-rq looks up results through the "default" queue's connection.
    rq_queues = {name: {"URL": REDIS_TEST_URL} for name in ["default", *queues.names.values()]}
    try:
        with override_settings(RQ_QUEUES=rq_queues, TASKS=tasks, RQ={"COMMIT_MODE": "auto"}):
            yield queues
    finally:
        queues.delete_keys()
        connection.close()


@pytest.mark.redis
def test_rq_worker_runs_enqueued_tasks(redis_queues):
    ping = ping_task.using(queue_name=redis_queues["default"]).enqueue()
    mail_result = send_mail_task.using(queue_name=redis_queues["mail"]).enqueue(
        "件名", "本文", ["hanako@example.jp"]
    )
    assert ping.status == TaskResultStatus.READY
    assert redis_queues.length("default") == 1
    assert redis_queues.length("mail") == 1

    assert redis_queues.work("default") is True
    assert redis_queues.work("mail") is True

    ping = ping_task.get_result(ping.id)
    mail_result = send_mail_task.get_result(mail_result.id)
    # django-tasks-rq returns its backport's TaskResult; the status enums compare equal.
    assert ping.status == TaskResultStatus.SUCCESSFUL
    assert ping.return_value.startswith("pong 20")
    assert mail_result.status == TaskResultStatus.SUCCESSFUL
    assert mail_result.return_value == 1
    assert redis_queues.length("default") == 0
    assert [message.to for message in mail.outbox] == [["hanako@example.jp"]]


def test_ping_worker_command_reports_the_answer(capsys):
    from yakuba.__main__ import main

    exit_status = main(["ping-worker", "--timeout", "1"])

    assert exit_status == 0
    assert capsys.readouterr().out.startswith("worker answered: pong 20")


@pytest.mark.django_db(transaction=True)
def test_ping_worker_command_fails_when_no_worker_runs(capsys):
    from yakuba.__main__ import main

    with override_settings(TASKS=DATABASE_TASKS):
        exit_status = main(["ping-worker", "--timeout", "0.3"])

    assert exit_status == 1
    assert "no worker ran ping task" in capsys.readouterr().err


@pytest.mark.redis
def test_rq_worker_log_carries_no_task_arguments(redis_queues):
    from yakuba.core.tests.test_logging import formatted_log

    unreachable_smtp = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 1},
        }
    }
    result = send_mail_task.using(queue_name=redis_queues["mail"]).enqueue(
        "山田太郎様へのお知らせ", "住所: 武蔵村山市本町1-1-1", ["taro.yamada@example.jp"]
    )
    with override_settings(MAILERS=unreachable_smtp), formatted_log("rq") as output:
        redis_queues.work("mail")

    assert send_mail_task.get_result(result.id).status == TaskResultStatus.FAILED
    records = [json.loads(line) for line in output.getvalue().splitlines()]
    failure = [record for record in records if record["level"] == "ERROR"]
    assert len(failure) == 1
    assert result.id in failure[0]["message"]
    assert failure[0]["func"] == "yakuba.core.tasks.send_mail_task"
    assert "arguments" not in failure[0]
    assert "kwargs" not in failure[0]
    for value in ("山田太郎", "武蔵村山市本町", "taro.yamada@example.jp"):
        for form in (value, json.dumps(value)[1:-1]):
            assert form not in output.getvalue()

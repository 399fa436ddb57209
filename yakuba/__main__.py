"""``python -m yakuba <command> [args]``: the operator's entry point.

- ``demo-data [--residents N] [--seed S] [--reset]``: load the demo city
  (``manage.py demo_data``);
- ``ping-worker [--timeout SECONDS]``: enqueue :func:`yakuba.core.tasks.ping_task`
  and wait until a worker has run it (exit status 1 when none does in time);
- any other command goes to ``manage.py``, with dashes read as underscores
  (``python -m yakuba migrate``, ``python -m yakuba db-worker``).

``DJANGO_SETTINGS_MODULE`` defaults to ``config.settings.dev`` as in ``manage.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

USAGE = """usage: python -m yakuba <command> [args]

commands:
  demo-data [--residents N] [--seed S] [--reset]   load the demo city (manage.py demo_data)
  ping-worker [--timeout SECONDS]                  check that a task worker runs tasks
  <manage.py command> [args]                       e.g. migrate, db-worker, createsuperuser
"""


def ping_worker(argv: list[str]) -> int:
    """Enqueue ``ping_task`` and poll its result; 0 when a worker answered in time."""
    parser = argparse.ArgumentParser(prog="python -m yakuba ping-worker")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait (default 10)")
    options = parser.parse_args(argv)

    import django

    django.setup()
    from django.tasks import TaskResultStatus

    from yakuba.core.tasks import ping_task

    result = ping_task.enqueue()
    deadline = time.monotonic() + options.timeout
    while True:
        if result.status == TaskResultStatus.SUCCESSFUL:
            print(
                f"worker answered: {result.return_value} (backend {result.backend}, task {result.id})"
            )
            return 0
        if result.status == TaskResultStatus.FAILED:
            print(f"ping task {result.id} failed", file=sys.stderr)
            return 1
        if time.monotonic() >= deadline:
            print(
                f"no worker ran ping task {result.id} within {options.timeout:g} s (status {result.status})",
                file=sys.stderr,
            )
            return 1
        time.sleep(0.2)
        result.refresh()


def main(argv: list[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if not arguments or arguments[0] in {"-h", "--help", "help"}:
        print(USAGE, end="")
        return 0 if arguments else 2
    command, rest = arguments[0], arguments[1:]
    if command == "ping-worker":
        return ping_worker(rest)

    from django.core.management import execute_from_command_line

    execute_from_command_line(["python -m yakuba", command.replace("-", "_"), *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())

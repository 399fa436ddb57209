"""Poll the JMA 防災情報XML feeds: ``--once`` (cron, systemd timer), ``--loop`` (a service),
``--enqueue`` (start the self-rescheduling ``poll_jma`` task on a deferring backend)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "気象庁防災情報XMLのフィードを取得し、規則に従って配信を作成します。"

    def add_arguments(self, parser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="1回だけ取得して終了（既定）")
        mode.add_argument("--loop", action="store_true", help="YAKUBA_JMA_POLL_SECONDS ごとに取得")
        mode.add_argument("--enqueue", action="store_true", help="poll_jma タスクを開始")
        parser.add_argument(
            "--max-polls", type=int, default=0, help="--loop の回数上限（0は無制限）"
        )

    def handle(self, *args, **options) -> None:
        from yakuba.alerts.ingest.fetch import poll_once
        from yakuba.alerts.ingest.tasks import poll_jma

        if options["enqueue"]:
            if not settings.YAKUBA_JMA_POLL_ENABLED:
                raise CommandError("YAKUBA_JMA_POLL_ENABLED が無効です。")
            poll_jma.enqueue()
            self.stdout.write("poll_jma を登録しました。")
            return
        polls = 0
        while True:
            report = poll_once()
            polls += 1
            self.stdout.write(
                f"feeds: {report.feeds_fetched} fetched, {report.feeds_unchanged} unchanged, "
                f"{report.feeds_failed} failed; messages: {report.messages_fetched} fetched, "
                f"{report.messages_skipped} already received; outcomes: {report.outcomes}"
            )
            if not options["loop"] or (options["max_polls"] and polls >= options["max_polls"]):
                return
            time.sleep(settings.YAKUBA_JMA_POLL_SECONDS)

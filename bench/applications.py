#!/usr/bin/env python
"""Online applications: submissions of a 30-field form with an attachment, on PostgreSQL.

    .venv/bin/python bench/applications.py
    .venv/bin/python bench/applications.py --clients 16 --submissions-per-client 50
    .venv/bin/python bench/applications.py --skip-http          # only the in-process path
    .venv/bin/python bench/applications.py --clamd-address unix:///run/clamav/clamd.ctl

A fresh database (``yakuba_bench_applications``, dropped and created on the server of
``DATABASE_URL`` or 127.0.0.1:5432; or the empty database of ``--database-url``),
migrated, the demo city loaded (``demo_data --residents 3``; skipped with a note if it
fails).  Then, through the real services: a department with a form-builder admin, a
procedure (identity level ``account``) whose form is built with the engine
(``schema.compile_form`` of a ``BuilderForm``: **30 fields** on 3 pages — text, kana,
dates, an address, phone numbers, numbers, choices, check boxes, text areas, a bank
account, a consent and one **file** field), a draft version saved, published, and the
procedure published; and ``--clients`` citizens with verified e-mail addresses, each
signed in (a session cookie).

``--clients`` client **processes** start together (a barrier) and each makes
``--submissions-per-client`` applications one after the other:

1. ``GET /ping`` (the trivial view; as many requests per client as submissions), on the
   same gunicorn, measured the same way in the same run;
2. **(a) in process**, the service path: ``filling.start_draft`` → for each page the
   engine's page form bound to the answers (``build_page_form``) and
   ``filling.save_page`` (page 3 carries the PDF: ``attachments.store_upload`` — size
   counted while copying, libmagic, SHA-256, private 0600 file, the scan hook) →
   ``filling.submit_draft`` (whole-form validation, the conditional UPDATE, the timeline
   event, the events after commit);
3. **(b) HTTP**, the citizen pages on gunicorn (2 sync workers, ``config.settings.bench``),
   a new connection per request: ``POST /apply/forms/<code>/start/`` → ``POST`` of pages
   1 and 2 (urlencoded) → ``POST`` of page 3 as ``multipart/form-data`` with the PDF →
   ``POST …/send-application/``; every answer must be the expected redirect.

A submission is timed from the start of its first call to the end of its submit; the
figures are submissions per second (all clients), p50 and p99 per submission, the p50 of
each step, and the ratio of the per-request p50 to ``/ping``.  The database is checked
afterwards: one received application and one attachment file (0600) per successful
submission.  Writes ``bench/results/applications.json``; exit status 1 when a check fails.
The attachment is a real PDF of ``--pdf-bytes`` (default 100,000).  No virus scanner
unless ``--clamd-address`` names a clamd (then every upload is scanned by it).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import multiprocessing
import os
import secrets
import stat
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from _harness import (
    RESULTS_DIR,
    ROOT,
    BenchmarkError,
    _versions,
    bench_environment,
    manage,
    start_server,
)

DEFAULT_DATABASE = "yakuba_bench_applications"
PROCEDURE_CODE = "bench-thirty-fields"
DEPARTMENT = "bench-shimin"
SPAWN = multiprocessing.get_context("spawn")
PDF_NAME = "住民票の写し.pdf"

# ====================================================================== the form


def thirty_field_form():
    """The benchmark's form: 30 fields on three pages, one of them a file field."""
    from yakuba.applications.schema import BuilderField, BuilderForm, BuilderPage

    yes_no = [
        {"value": "yes", "label": "はい", "label_en": "Yes"},
        {"value": "no", "label": "いいえ", "label_en": "No"},
    ]
    districts = [
        {"value": value, "label": label, "label_en": value.title()}
        for value, label in (("north", "北地区"), ("south", "南地区"), ("east", "東地区"))
    ]

    def text(key, label, **options):
        return BuilderField(key, "text", label, key, required=True, options=options)

    fields = [
        # page 1: the applicant (10)
        text("name", "氏名", max_length=50),
        BuilderField("name_kana", "kana", "氏名（フリガナ）", required=True),
        BuilderField("birth_date", "date", "生年月日", required=True, options={"max": "today"}),
        BuilderField("address", "address", "住所", required=True),
        BuilderField("phone", "phone", "電話番号", required=True),
        BuilderField("mobile", "phone", "携帯電話番号"),
        BuilderField("email", "email", "メールアドレス", required=True),
        text("occupation", "職業", max_length=40),
        text("workplace", "勤務先", max_length=80),
        BuilderField(
            "household_size",
            "number",
            "世帯の人数",
            required=True,
            options={"minimum": 1, "maximum": 20},
        ),  # fmt: skip
        # page 2: the details (10)
        text("subject_name", "対象者の氏名", max_length=50),
        BuilderField("subject_kana", "kana", "対象者の氏名（フリガナ）", required=True),
        BuilderField("subject_birth_date", "date", "対象者の生年月日", required=True),
        BuilderField(
            "relationship",
            "select",
            "申請者との続柄",
            required=True,
            options={
                "choices": [
                    {"value": "self", "label": "本人"},
                    {"value": "child", "label": "子"},
                    {"value": "parent", "label": "親"},
                ]
            },
        ),  # fmt: skip
        BuilderField("district", "select", "地区", required=True, options={"choices": districts}),
        BuilderField(
            "first_time", "radio", "初めての申請ですか", required=True, options={"choices": yes_no}
        ),  # fmt: skip
        BuilderField(
            "needs_help",
            "radio",
            "窓口での支援を希望しますか",
            required=True,
            options={"choices": yes_no},
        ),  # fmt: skip
        BuilderField(
            "reasons",
            "checkboxes",
            "申請の理由",
            required=True,
            options={
                "choices": [
                    {"value": "moving", "label": "転入"},
                    {"value": "birth", "label": "出生"},
                    {"value": "other", "label": "その他"},
                ]
            },
        ),  # fmt: skip
        BuilderField(
            "monthly_income",
            "number",
            "月収（円）",
            required=True,
            options={"minimum": 0, "maximum": 10_000_000},
        ),  # fmt: skip
        BuilderField("start_date", "date", "希望する開始日", required=True),
        # page 3: payment, documents, confirmation (10)
        BuilderField("bank", "bank_account", "振込先口座", required=True),
        text("school", "学校名", max_length=60),
        text("grade", "学年", max_length=10),
        text("doctor", "かかりつけ医", max_length=60),
        BuilderField(
            "children_count",
            "number",
            "子どもの人数",
            required=True,
            options={"minimum": 0, "maximum": 10},
        ),  # fmt: skip
        BuilderField("remarks", "textarea", "備考", options={"max_length": 1000}),
        BuilderField(
            "history", "textarea", "これまでの経緯", required=True, options={"max_length": 2000}
        ),  # fmt: skip
        text("contact_time", "連絡の取れる時間帯", max_length=40),
        BuilderField(
            "documents", "file", "添付書類（住民票の写し）", required=True, options={"max_items": 2}
        ),  # fmt: skip
        BuilderField(
            "consent",
            "consent",
            "確認",
            required=True,
            options={"text": "記載内容に誤りがないことを確認しました。"},
        ),  # fmt: skip
    ]
    keys = [item.key for item in fields]
    assert len(keys) == 30, len(keys)
    pages = [
        BuilderPage("applicant", "申請者", "Applicant", keys[0:10]),
        BuilderPage("details", "申請の内容", "Details", keys[10:20]),
        BuilderPage("documents", "口座・書類・確認", "Documents", keys[20:30]),
    ]
    return BuilderForm("ベンチマーク申請（30項目）", "Benchmark application", fields, pages)


#: What a citizen types, per page: (input name, value) as the page's inputs are named
#: (docs: schema/pageforms.py).  Checked against the engine's page form at set-up.
PAGE_POSTS: dict[str, list[tuple[str, str]]] = {
    "applicant": [
        ("name", "村山 花子"),
        ("name_kana", "むらやま はなこ"),
        ("birth_date", "昭和60年4月1日"),
        ("address__postal_code", "２０８－０００４"),
        ("address__address", "東京都武蔵村山市本町一丁目1番地の1"),
        ("address__building", ""),
        ("phone", "０４２５６５１１１１"),
        ("mobile", "090-1234-5678"),
        ("email", "hanako@example.jp"),
        ("occupation", "会社員"),
        ("workplace", "株式会社ベンチマーク"),
        ("household_size", "３"),
    ],
    "details": [
        ("subject_name", "村山 太郎"),
        ("subject_kana", "ムラヤマ タロウ"),
        ("subject_birth_date", "2015-06-01"),
        ("relationship", "child"),
        ("district", "north"),
        ("first_time", "yes"),
        ("needs_help", "no"),
        ("reasons", "moving"),
        ("reasons", "birth"),
        ("monthly_income", "250,000"),
        ("start_date", "令和9年4月1日"),
    ],
    "documents": [
        ("bank__bank_code", "0001"),
        ("bank__branch_code", "123"),
        ("bank__account_type", "ordinary"),
        ("bank__account_number", "12345"),
        ("bank__holder_kana", "ムラヤマ ハナコ"),
        ("school", "武蔵村山市立第一小学校"),
        ("grade", "5年"),
        ("doctor", "本町クリニック"),
        ("children_count", "1"),
        ("remarks", "よろしくお願いします。\n平日の午後は不在です。"),
        ("history", "令和7年に転入し、同年に申請しました。今回は更新の申請です。"),
        ("contact_time", "平日 18時以降"),
        ("consent", "on"),
    ],
}
FILE_PAGE = "documents"
FILE_FIELD = "documents"


def pdf_of_size(size: int) -> bytes:
    """A valid one-page PDF of about ``size`` bytes (its content stream padded with PDF
    comments), like a scanned certificate."""
    text = b"BT /F1 18 Tf 72 760 Td (Juminhyo no utsushi - yakuba benchmark) Tj ET\n"
    padding = max(0, size - 700)
    line = b"% " + b"0123456789abcdef" * 4 + b"\n"
    stream = text + line * (padding // len(line))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


# ====================================================================== measuring


@dataclass
class Sample:
    seconds: float
    ok: bool
    steps: dict[str, float] = field(default_factory=dict)
    error: str = ""


@dataclass
class ClientResult:
    index: int
    started: float
    ended: float
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Row:
    name: str
    count: int
    per_second: float
    p50_ms: float
    p99_ms: float
    succeeded: int
    requests_per_item: int
    step_p50_ms: dict[str, float] = field(default_factory=dict)
    errors: int = 0
    note: str = ""
    per_second_vs_ping: float = 0.0
    request_p50_vs_ping: float = 0.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summarise(name: str, results: list[ClientResult], requests_per_item: int, note: str) -> Row:
    samples = [sample for result in results for sample in result.samples]
    wall = max(r.ended for r in results) - min(r.started for r in results)
    milliseconds = [sample.seconds * 1000 for sample in samples]
    step_names = list(dict.fromkeys(name for s in samples for name in s.steps))
    return Row(
        name=name,
        count=len(samples),
        per_second=len(samples) / wall if wall else 0.0,
        p50_ms=percentile(milliseconds, 0.50),
        p99_ms=percentile(milliseconds, 0.99),
        succeeded=sum(1 for sample in samples if sample.ok),
        requests_per_item=requests_per_item,
        step_p50_ms={
            step: percentile([s.steps[step] * 1000 for s in samples if step in s.steps], 0.5)
            for step in step_names
        },
        errors=sum(1 for sample in samples if sample.error),
        note=note,
    )


# ====================================================================== database and data


def fresh_database(url: str | None) -> str:
    """``url`` (must be empty), or ``yakuba_bench_applications`` dropped and created on
    the server of ``DATABASE_URL`` (default 127.0.0.1:5432)."""
    if url:
        return url
    import psycopg

    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not server.startswith("postgres"):
        raise BenchmarkError("this benchmark runs on PostgreSQL (DATABASE_URL)")
    admin = server.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DEFAULT_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DEFAULT_DATABASE}"')
    return server.rsplit("/", 1)[0] + f"/{DEFAULT_DATABASE}"


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class BenchData:
    users: list[int]
    cookies: list[str]
    csrf: str
    procedure_id: int
    http_available: bool
    pages: list[str]


def prepare_data(clients: int, pdf: bytes) -> BenchData:
    """The department and its admin, the procedure with the published 30-field form (built
    and published through the builder services), and ``clients`` signed-in citizens."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone
    from django.utils.datastructures import MultiValueDict

    from yakuba.applications.models import Category, IdentityLevel
    from yakuba.applications.schema import FormDefinition, build_page_form
    from yakuba.applications.services import forms, procedures
    from yakuba.identity.models import Assignment, OrgUnit

    users = get_user_model().objects
    unit, _created = OrgUnit.objects.get_or_create(
        code=DEPARTMENT,
        defaults={
            "kind": OrgUnit.Kind.DIVISION,
            "name": "ベンチマーク課",
            "name_en": "Benchmark division",
            "valid_from": datetime.date(2020, 4, 1),
        },
    )
    admin = users.create_user(
        "bench-builder@city.example.lg.jp",
        secrets.token_urlsafe(16),
        kind="staff",
        display_name="ベンチ 管理者",
    )
    Assignment.objects.create(
        user=admin, org_unit=unit, role="admin", valid_from=datetime.date(2020, 4, 1)
    )
    category = Category.objects.create(code="bench", name="ベンチマーク", order=999)
    procedure = procedures.create_procedure(
        admin,
        code=PROCEDURE_CODE,
        title="ベンチマーク申請",
        title_kana="ベンチマークシンセイ",
        summary="30項目と添付書類1件の申請（ベンチマーク用）。",
        category=category,
        department_code=DEPARTMENT,
        identity_level=IdentityLevel.ACCOUNT,
        handling_days=14,
    )
    version = forms.start_draft_version(admin, procedure)
    forms.save_draft_definition(admin, version, thirty_field_form())
    forms.publish_version(admin, version)
    procedure = procedures.publish_procedure(admin, procedure)

    definition = FormDefinition.of(version.__class__.objects.get(pk=version.pk))
    if len(definition.fields) != 30:
        raise BenchmarkError(f"the form has {len(definition.fields)} fields, not 30")
    pages = list(definition.page_keys)
    for page in pages:  # the posted data must be what the page form accepts
        files = (
            MultiValueDict({FILE_FIELD: [SimpleUploadedFile(PDF_NAME, pdf)]})
            if page == FILE_PAGE
            else None
        )
        form = build_page_form(
            definition, page, data=page_data(page), files=files, answers={}, language="ja"
        )
        if not form.is_valid():
            raise BenchmarkError(f"page {page}: the bench data does not validate: {form.errors}")

    user_ids, cookies = [], []
    for index in range(clients):
        user = users.create_user(
            f"bench-applicant-{index:03d}@example.jp",
            secrets.token_urlsafe(16),
            kind="citizen",
            display_name=f"ベンチ 申請者{index}",
            display_name_kana="ベンチ シンセイシャ",
            email_verified_at=timezone.now(),
        )
        user_ids.append(user.pk)
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies["sessionid"].value)
    try:
        reverse("portal:applications:filling_start", args=[PROCEDURE_CODE])
        http_available = True
    except NoReverseMatch:
        http_available = False
    return BenchData(
        users=user_ids,
        cookies=cookies,
        csrf=secrets.token_hex(16),  # 32 characters: the CSRF cookie and form field
        procedure_id=procedure.pk,
        http_available=http_available,
        pages=pages,
    )


def page_data(page: str):
    from django.utils.datastructures import MultiValueDict

    data = MultiValueDict()
    for name, value in PAGE_POSTS[page]:
        data.appendlist(name, value)
    data["navigate"] = "next"
    return data


def check_database(expected: int) -> dict[str, Any]:
    """Received applications, attachments and their files after the runs."""
    from django.conf import settings

    from yakuba.applications.models import Attachment, Status, Submission
    from yakuba.applications.services.attachments import attachment_path

    received = Submission.objects.filter(
        procedure__code=PROCEDURE_CODE, status=Status.RECEIVED
    ).count()
    drafts = Submission.objects.filter(procedure__code=PROCEDURE_CODE, status=Status.DRAFT).count()
    attachments = list(
        Attachment.objects.filter(submission__procedure__code=PROCEDURE_CODE).values_list(
            "storage_name", "scan_status", "size"
        )
    )
    private = 0
    for storage_name, _scan, _size in attachments:
        path = attachment_path(storage_name)
        if path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600:
            private += 1
    scans: dict[str, int] = {}
    for _name, scan, _size in attachments:
        scans[scan] = scans.get(scan, 0) + 1
    return {
        "expected_submissions": expected,
        "received_applications": received,
        "drafts_left": drafts,
        "attachments": len(attachments),
        "attachment_files_0600": private,
        "scan_status": scans,
        "files_dir": str(settings.YAKUBA_APPLICATIONS_FILES_DIR),
    }


# ====================================================================== client processes


def run_clients(worker, jobs: list[int], shared: dict[str, Any]) -> list[ClientResult]:
    """One process per client, released together; each makes ``jobs[index]`` items."""
    barrier = SPAWN.Barrier(len(jobs))
    queue = SPAWN.Queue()
    processes = [
        SPAWN.Process(target=worker, args=(index, count, barrier, queue, shared))
        for index, count in enumerate(jobs)
    ]
    for process in processes:
        process.start()
    results = []
    try:
        for _ in processes:
            results.append(queue.get(timeout=1800))
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
    failures = [error for result in results for error in result.errors]
    if failures:
        raise BenchmarkError("client failed: " + "; ".join(failures[:3]))
    return sorted(results, key=lambda result: result.index)


def _request(host: str, port: int, method: str, path: str, body: bytes, headers: dict):
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=120)
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    content = response.read()
    elapsed = time.perf_counter() - started
    location = response.getheader("Location", "")
    connection.close()
    return elapsed, response.status, location, content


def ping_worker(index, count, barrier, queue, shared):
    host, port = shared["host"], shared["port"]
    result = ClientResult(index, 0.0, 0.0)
    try:
        barrier.wait(timeout=120)
        result.started = time.monotonic()
        for _ in range(count):
            elapsed, status, _location, _content = _request(host, port, "GET", "/ping", b"", {})
            result.samples.append(Sample(elapsed, status == 200))
        result.ended = time.monotonic()
    except Exception as error:  # reported to the parent, which stops the benchmark
        result.errors.append(repr(error))
    queue.put(result)


def service_worker(index, count, barrier, queue, shared):
    """start_draft → save_page × 3 (the PDF on the last) → submit_draft, in this process."""
    result = ClientResult(index, 0.0, 0.0)
    try:
        setup_django(shared["env"])
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils.datastructures import MultiValueDict

        from yakuba.applications.models import Procedure, Status
        from yakuba.applications.schema import build_page_form
        from yakuba.applications.services import filling
        from yakuba.applications.services.attachments import attachment_names

        user = get_user_model().objects.get(pk=shared["users"][index])
        procedure = Procedure.objects.get(pk=shared["procedure_id"])
        pdf = shared["pdf"]
        posts = {page: page_data(page) for page in shared["pages"]}
        barrier.wait(timeout=120)
        result.started = time.monotonic()
        for _ in range(count):
            steps: dict[str, float] = {}
            started = mark = time.perf_counter()
            submission = filling.start_draft(
                user, procedure, session={}, auth_method="password", language="ja"
            )
            steps["start_draft"] = (now := time.perf_counter()) - mark
            mark = now
            definition = filling.definition_of(submission)
            for page in shared["pages"]:
                files = (
                    MultiValueDict({FILE_FIELD: [SimpleUploadedFile(PDF_NAME, pdf)]})
                    if page == FILE_PAGE
                    else None
                )
                form = build_page_form(
                    definition,
                    page,
                    data=posts[page],
                    files=files,
                    answers=submission.answers or {},
                    language="ja",
                    attachments=attachment_names(submission),
                )
                if not form.is_valid():
                    raise BenchmarkError(f"page {page} invalid: {form.errors}")
                submission = filling.save_page(user, submission, page, form)
                steps[f"save_page {page}" + (" + PDF" if page == FILE_PAGE else "")] = (
                    now := time.perf_counter()
                ) - mark
                mark = now
            submitted = filling.submit_draft(user, submission, auth_method="password")
            steps["submit_draft"] = (now := time.perf_counter()) - mark
            ok = submitted.status == Status.RECEIVED
            if not ok:
                raise BenchmarkError(f"submission {submitted.pk} is {submitted.status}")
            result.samples.append(Sample(now - started, ok, steps))
        result.ended = time.monotonic()
    except Exception as error:
        result.errors.append(repr(error))
    queue.put(result)


def _multipart(fields: list[tuple[str, str]], file_field: str, file_name: str, content: bytes):
    boundary = "----yakuba-bench-" + secrets.token_hex(12)
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    quoted = urllib.parse.quote(file_name)
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f"filename=\"{quoted}\"; filename*=UTF-8''{quoted}\r\n"
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def http_worker(index, count, barrier, queue, shared):
    """The citizen pages: start → pages (multipart with the PDF on the last) → send."""
    host, port = shared["host"], shared["port"]
    csrf = shared["csrf"]
    cookie = f"sessionid={shared['cookies'][index]}; csrftoken={csrf}"
    form_headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    pages: list[str] = shared["pages"]
    result = ClientResult(index, 0.0, 0.0)

    def post(path: str, fields: list[tuple[str, str]], steps: dict, step: str, *, pdf=None):
        fields = [("csrfmiddlewaretoken", csrf), *fields]
        if pdf is None:
            body, headers = urllib.parse.urlencode(fields).encode(), form_headers
        else:
            body, content_type = _multipart(fields, FILE_FIELD, PDF_NAME, pdf)
            headers = {"Content-Type": content_type, "Cookie": cookie}
        elapsed, status, location, content = _request(host, port, "POST", path, body, headers)
        steps[step] = elapsed
        if status != 302:
            snippet = content.decode("utf-8", "replace")
            marker = snippet.find("error")
            raise BenchmarkError(
                f"POST {path}: HTTP {status} (expected a redirect) "
                f"{snippet[max(0, marker - 200) : marker + 600] if marker >= 0 else snippet[:300]}"
            )
        return urllib.parse.urlsplit(location).path

    try:
        barrier.wait(timeout=120)
        result.started = time.monotonic()
        for _ in range(count):
            steps: dict[str, float] = {}
            started = time.perf_counter()
            location = post(f"/apply/forms/{PROCEDURE_CODE}/start/", [], steps, "POST start")
            draft_key = location.strip("/").split("/")[2]
            for number, page in enumerate(pages):
                expected_next = (
                    f"/apply/forms/{draft_key}/{pages[number + 1]}/"
                    if number + 1 < len(pages)
                    else f"/apply/forms/{draft_key}/check-answers/"
                )
                page_path = f"/apply/forms/{draft_key}/{page}/"
                if location != page_path and number == 0:
                    raise BenchmarkError(f"start went to {location}, not {page_path}")
                location = post(
                    page_path,
                    [*PAGE_POSTS[page], ("navigate", "next")],
                    steps,
                    f"POST page {page}" + (" + PDF (multipart)" if page == FILE_PAGE else ""),
                    pdf=shared["pdf"] if page == FILE_PAGE else None,
                )
                if location != expected_next:
                    raise BenchmarkError(f"page {page} went to {location}, not {expected_next}")
            location = post(
                f"/apply/forms/{draft_key}/send-application/", [], steps, "POST send-application"
            )
            if location != f"/apply/forms/{draft_key}/application-complete/":
                raise BenchmarkError(f"submit went to {location}")
            result.samples.append(Sample(time.perf_counter() - started, True, steps))
        result.ended = time.monotonic()
    except Exception as error:
        result.errors.append(repr(error))
    queue.put(result)


# ====================================================================== the run


def run(options) -> tuple[list[Row], dict[str, Any], bool]:
    url = fresh_database(options.database_url)
    if not url.startswith("postgres"):
        raise BenchmarkError("this benchmark runs on PostgreSQL")
    clients, per_client = options.clients, options.submissions_per_client
    pdf = pdf_of_size(options.pdf_bytes)
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="yakuba-bench-applications-") as work:
        env = bench_environment(Path(work), url)
        env["YAKUBA_APPLICATIONS_FILES_DIR"] = str(Path(work) / "application-files")
        env["YAKUBA_CLAMD_ADDRESS"] = options.clamd_address or ""
        env["YAKUBA_APPLICATIONS_MAX_UPLOAD_BYTES"] = str(max(10 * 1024 * 1024, len(pdf)))
        print(f"migrating {url.rsplit('/', 1)[-1]} and loading the demo city …", flush=True)
        manage(env, "migrate", "--noinput")
        try:
            manage(env, "demo_data", "--residents", "3", "--seed", "1")
        except BenchmarkError as error:
            notes.append("demo_data failed; measured without the demo city")
            print(f"note: demo_data failed, going on without it: {str(error)[-400:]}")
        setup_django(env)
        data = prepare_data(clients, pdf)
        from django.db import connections

        connections.close_all()
        shared: dict[str, Any] = {
            "env": env,
            "users": data.users,
            "cookies": data.cookies,
            "csrf": data.csrf,
            "procedure_id": data.procedure_id,
            "pages": data.pages,
            "pdf": pdf,
        }
        rows: list[Row] = []
        successes = 0
        requests_per_http_submission = 2 + len(data.pages)
        with start_server(env, workers=options.workers) as base_url:
            parts = urllib.parse.urlsplit(base_url)
            shared.update(host=parts.hostname, port=parts.port)
            print(
                f"{clients} client processes on {base_url} (gunicorn -w {options.workers}); "
                f"citizen filling pages: "
                f"{'yes' if data.http_available else 'not there: in process only'}",
                flush=True,
            )
            run_clients(ping_worker, [10] * clients, shared)  # warm-up of both workers
            ping = summarise(
                "(1) GET /ping",
                run_clients(ping_worker, [per_client * 5] * clients, shared),
                1,
                "trivial view",
            )
            rows.append(ping)
            print(f"  {ping.name}: {ping.per_second:,.0f} req/s", flush=True)
            if data.http_available and not options.skip_http:
                run_clients(http_worker, [1] * clients, shared)  # warm-up: templates, imports
                successes += clients
                row = summarise(
                    "(b) HTTP: start + 3 page POSTs (PDF multipart) + send",
                    run_clients(http_worker, [per_client] * clients, shared),
                    requests_per_http_submission,
                    "citizen pages on gunicorn, a new connection per request",
                )
                rows.append(row)
                successes += row.succeeded
                print(f"  {row.name}: {row.per_second:,.1f} submissions/s", flush=True)
            elif not data.http_available:
                notes.append("citizen filling pages not there: HTTP path not measured")
        run_clients(service_worker, [1] * clients, shared)  # warm-up
        successes += clients
        row = summarise(
            "(a) in process: start_draft + 3 save_page (PDF) + submit_draft",
            run_clients(service_worker, [per_client] * clients, shared),
            1,
            "the service path, no HTTP",
        )
        rows.append(row)
        successes += row.succeeded
        print(f"  {row.name}: {row.per_second:,.1f} submissions/s", flush=True)
        checks = check_database(successes)
        connections.close_all()
    for row in rows:
        row.per_second_vs_ping = row.per_second / ping.per_second
        request_p50 = row.p50_ms / row.requests_per_item
        row.request_p50_vs_ping = request_p50 / ping.p50_ms if ping.p50_ms else 0.0
    checks["notes"] = notes
    ok = (
        checks["received_applications"] == successes
        and checks["attachments"] == successes
        and checks["attachment_files_0600"] == successes
        and checks["drafts_left"] == 0
        and all(row.errors == 0 and row.succeeded == row.count for row in rows)
    )
    return rows, checks, ok


def format_rows(rows: list[Row]) -> str:
    table = [("target", "n", "per s", "p50 ms", "p99 ms", "per s vs /ping", "req p50 vs /ping")]
    for row in rows:
        table.append(
            (
                row.name,
                str(row.count),
                f"{row.per_second:,.1f}",
                f"{row.p50_ms:.1f}",
                f"{row.p99_ms:.1f}",
                f"{row.per_second_vs_ping:.3f}x",
                f"{row.request_p50_vs_ping:.1f}x",
            )
        )
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    lines = []
    for index, line in enumerate(table):
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        if row.step_p50_ms:
            steps = ", ".join(f"{name} {ms:.1f}" for name, ms in row.step_p50_ms.items())
            lines.append(f"  {row.name.split(':')[0]} p50 per step (ms): {steps}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database")
    parser.add_argument("--clients", type=int, default=8, help="client processes (default 8)")
    parser.add_argument("--submissions-per-client", type=int, default=25)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--pdf-bytes", type=int, default=100_000, help="attachment size")
    parser.add_argument("--skip-http", action="store_true", help="only the in-process path")
    parser.add_argument("--clamd-address", default="", help="scan every upload with this clamd")
    options = parser.parse_args()

    report: dict[str, Any] = {
        "name": "applications",
        "finished": "",
        "load_average_before": list(os.getloadavg()),
    }
    rows, checks, ok = run(options)
    print()
    print(
        f"30-field form with a {options.pdf_bytes:,}-byte PDF, PostgreSQL, "
        f"{options.clients} client processes × {options.submissions_per_client} submissions, "
        f"gunicorn -w {options.workers}:"
    )
    print(format_rows(rows))
    print(
        f"checks: {checks['received_applications']} received applications and "
        f"{checks['attachments']} attachments ({checks['attachment_files_0600']} files 0600) "
        f"for {checks['expected_submissions']} submissions; drafts left "
        f"{checks['drafts_left']}; scan {checks['scan_status']}"
        + (f"; notes: {'; '.join(checks['notes'])}" if checks["notes"] else "")
    )
    report.update(
        {
            "database": "postgresql",
            "form": {"fields": 30, "pages": 3, "file_fields": 1, "pdf_bytes": options.pdf_bytes},
            "clients": options.clients,
            "submissions_per_client": options.submissions_per_client,
            "server": {"program": "gunicorn", "workers": options.workers, "worker_class": "sync"},
            "client": "processes, sequential requests, one new connection per request",
            "clamd": options.clamd_address or None,
            "results": [asdict(row) for row in rows],
            "checks": checks,
        }
    )
    report["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    report["load_average_after"] = list(os.getloadavg())
    try:
        report["versions"] = _versions()
    except OSError:
        report["versions"] = {"python": sys.version.split()[0]}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = RESULTS_DIR / "applications.json"
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {output.relative_to(ROOT)}")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} on {os.cpu_count()} CPUs")
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(2)

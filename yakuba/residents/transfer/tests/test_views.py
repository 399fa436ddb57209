"""Staff pages: who may open them, and the import, export, sync and statistics flows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yakuba.audit.models import AccessRecord
from yakuba.residents.models import Person
from yakuba.residents.transfer.importer import load_register
from yakuba.residents.transfer.models import TransferJob
from yakuba.residents.transfer.sync.services import configure_source

from .helpers import HEADERS, csv_bytes, family, row

pytestmark = pytest.mark.django_db

CAST = [
    "anonymous",
    "citizen",
    "clerk_b",
    "system_admin",
    "viewer_a",
    "clerk_a",
    "supervisor",
    "admin_a",
]
ADMIN_ONLY = {"admin_a"}
SHIMIN = {"viewer_a", "clerk_a", "supervisor", "admin_a"}


@pytest.fixture
def as_user(request, client):
    from yakuba.identity.testing import login_citizen, login_staff

    def sign_in(who: str):
        if who == "anonymous":
            return client
        user = request.getfixturevalue(who)
        if who == "citizen":
            return login_citizen(client, user)
        return login_staff(client, user)

    return sign_in


@pytest.fixture
def job(db, admin_a):
    return TransferJob.objects.create(
        kind="import", status="invalid", created_by=admin_a, file_name="x.csv", problem_count=0
    )


def expected_status(who: str, allowed: set[str]) -> int:
    if who in ("anonymous", "citizen"):
        return 302
    return 200 if who in allowed else 403


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(
    "name",
    ["transfer_index", "registry_import", "registry_export", "registry_sync"],
)
def test_transfer_pages_are_for_the_shimin_admin(as_user, who, name, areas):
    response = as_user(who).get(reverse(f"console:{name}"))

    assert response.status_code == expected_status(who, ADMIN_ONLY)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("console:login"))


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["transfer_job", "transfer_job_progress", "transfer_job_report"])
def test_job_pages_are_for_the_shimin_admin(as_user, who, name, job):
    response = as_user(who).get(reverse(f"console:{name}", args=[job.pk]))

    assert response.status_code == expected_status(who, ADMIN_ONLY)


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["population_statistics", "population_statistics_csv"])
def test_statistics_are_for_every_shimin_member(as_user, who, name, areas):
    response = as_user(who).get(reverse(f"console:{name}"))

    assert response.status_code == expected_status(who, SHIMIN)


@pytest.mark.parametrize("who", ["clerk_b", "system_admin", "viewer_a", "clerk_a", "supervisor"])
def test_others_cannot_post_an_upload_or_an_export(as_user, who, areas):
    client = as_user(who)

    upload = client.post(
        reverse("console:registry_import"),
        {"file": SimpleUploadedFile("r.csv", csv_bytes(family()))},
    )
    export = client.post(
        reverse("console:registry_export"), {"purpose": "register_backup", "confirm": "on"}
    )

    assert (upload.status_code, export.status_code) == (403, 403)
    assert (TransferJob.objects.count(), AccessRecord.objects.count()) == (0, 0)


@pytest.mark.parametrize("who", ["clerk_b", "viewer_a", "clerk_a", "supervisor"])
def test_others_cannot_confirm_cancel_or_run(as_user, who, areas, tmp_path):
    job = TransferJob.objects.create(kind="import", status="valid", dry_run=True)
    source = configure_source(key="juki", name="住民記録", directory=str(tmp_path))
    client = as_user(who)

    responses = [
        client.post(reverse("console:registry_import_confirm", args=[job.pk])),
        client.post(reverse("console:registry_import_cancel", args=[job.pk])),
        client.post(reverse("console:registry_sync_run", args=[source.pk])),
    ]

    assert [response.status_code for response in responses] == [403, 403, 403]
    job.refresh_from_db()
    assert job.status == "valid"


# ------------------------------------------------------------------------ flows


def test_upload_check_confirm_flow(as_user, areas, django_capture_on_commit_callbacks):
    client = as_user("admin_a")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("console:registry_import"),
            {"file": SimpleUploadedFile("registry.csv", csv_bytes(family()))},
        )
    job = TransferJob.objects.get()
    assert response["Location"] == reverse("console:transfer_job", args=[job.pk])

    page = client.get(response["Location"])
    assert page.status_code == 200
    content = page.content.decode()
    assert "取込を確定する" in content
    assert "3 人（1 世帯）を登録できます" in content
    assert Person.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("console:registry_import_confirm", args=[job.pk]))
    confirmed = client.get(reverse("console:transfer_job", args=[job.pk]))
    assert "3 人（1 世帯）を登録しました。" in confirmed.content.decode()
    assert Person.objects.count() == 3
    assert "山田" not in confirmed.content.decode()  # the job page shows no one's record


def test_progress_partial_renders_the_block_only(as_user, areas):
    job = TransferJob.objects.create(
        kind="import", status="running", dry_run=True, bytes_total=200, bytes_done=50
    )

    response = as_user("admin_a").get(reverse("console:transfer_job_progress", args=[job.pk]))

    content = response.content.decode()
    assert 'id="job-progress"' in content
    assert "data-poll-url" in content
    assert "25%" in content
    assert "<h1>" not in content


def test_a_file_with_errors_shows_the_report_and_offers_it_as_csv(
    as_user, areas, django_capture_on_commit_callbacks
):
    client = as_user("admin_a")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("console:registry_import"),
            {
                "file": SimpleUploadedFile(
                    "registry.csv",
                    csv_bytes([row(性別="?"), row(住民票コード="1", 世帯番号="101")]),
                )
            },
        )
    job = TransferJob.objects.get()

    page = client.get(reverse("console:transfer_job", args=[job.pk])).content.decode()
    report = client.get(reverse("console:transfer_job_report", args=[job.pk]))

    assert "2 件のエラーがあります。何も登録していません。" in page
    assert "性別は次のいずれかで入力してください: 男、女" in page
    assert "取込を確定する" not in page
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    assert report.content.decode("utf-8-sig").splitlines() == [
        "行,項目,コード,内容",
        "2,性別,invalid_choice,性別は次のいずれかで入力してください: 男、女",
        "3,住民票コード,invalid_resident_code,住民票コードは11桁の数字です。",
    ]


def test_upload_form_errors(as_user, areas, django_capture_on_commit_callbacks):
    client = as_user("admin_a")

    missing = client.post(reverse("console:registry_import"), {})
    empty = client.post(
        reverse("console:registry_import"), {"file": SimpleUploadedFile("e.csv", b"")}
    )
    load_register(
        [csv_bytes(family())],
        dry_run=False,
        external_id=__import__("hashlib").sha256(csv_bytes(family())).hexdigest(),
    )
    again = client.post(
        reverse("console:registry_import"),
        {"file": SimpleUploadedFile("r.csv", csv_bytes(family()))},
    )

    assert "取り込むファイルを選んでください。" in missing.content.decode()
    assert "ファイルが空です。" in empty.content.decode()
    assert "このファイルは既に取り込まれています" in again.content.decode()
    assert TransferJob.objects.count() == 0


def test_export_needs_the_confirmation_then_streams(as_user, areas):
    load_register([csv_bytes(family())], dry_run=False, external_id="d" * 64)
    client = as_user("admin_a")

    refused = client.post(reverse("console:registry_export"), {"purpose": "register_backup"})
    assert "全件を出力することを確認してください。" in refused.content.decode()
    assert AccessRecord.objects.count() == 0

    response = client.post(
        reverse("console:registry_export"), {"purpose": "register_backup", "confirm": "on"}
    )

    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == ",".join(HEADERS)
    assert len(body.splitlines()) == 4
    assert response["Content-Disposition"].startswith('attachment; filename="registry_')
    record = AccessRecord.objects.get()
    assert (record.action, record.subject_id, record.purpose) == (
        "export",
        "all",
        "register_backup",
    )


def test_sync_page_runs_a_source(as_user, areas, tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "20250101000000_full.csv").write_bytes(csv_bytes(family()))
    source = configure_source(key="juki", name="住民記録システム", directory=str(tmp_path))
    client = as_user("admin_a")

    assert (
        "住民記録システムを今すぐ実行"
        in client.get(reverse("console:registry_sync")).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("console:registry_sync_run", args=[source.pk]))
    response = client.get(reverse("console:registry_sync"))

    assert "連携を開始しました" in response.content.decode()
    assert "20250101000000_full.csv" in response.content.decode()
    assert Person.objects.count() == 3


def test_statistics_page_and_csv(as_user, areas):
    load_register([csv_bytes(family())], dry_run=False, external_id="d" * 64)
    client = as_user("viewer_a")

    page = client.get(
        reverse("console:population_statistics"), {"as_of": "R7.1.1", "threshold": "0"}
    )
    download = client.get(
        reverse("console:population_statistics_csv"), {"as_of": "2025-01-01", "threshold": "3"}
    )

    content = page.content.decode()
    assert "令和7年1月1日" in content
    assert "秘匿していません" in content
    assert (
        'href="/staff/residents/statistics/population.csv?as_of=2025-01-01&amp;threshold=0"'
        in content
    )
    assert download["Content-Disposition"] == 'attachment; filename="population_20250101_k3.csv"'
    assert download.content.decode("utf-8-sig").splitlines()[1].split(",")[6:9] == ["X", "X", "X"]
    assert AccessRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_of": "平成31年5月1日"}, "平成31年5月1日 は平成の期間外です"),
        ({"as_of": "2099-01-01"}, "基準日に未来の日付は指定できません。"),
        ({"threshold": "99"}, "秘匿する人数は20以下にしてください。"),
        ({"threshold": "abc"}, "秘匿する人数は数字で入力してください。"),
    ],
)
def test_statistics_form_errors(as_user, areas, params, message):
    response = as_user("viewer_a").get(reverse("console:population_statistics"), params)

    assert response.status_code == 200
    assert message in response.content.decode()

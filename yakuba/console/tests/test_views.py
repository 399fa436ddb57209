"""The staff console shell: who gets in, which panels and menu entries each member sees."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from yakuba.core.registries import MenuEntry, Panel, staff_menu, staff_panels

pytestmark = pytest.mark.django_db

CONSOLE_PAGES = ["console:dashboard", "console:privacy_register", "console:privacy_register_csv"]


def _panel(key, title, departments=(), minimum_role="viewer", context=None):
    return Panel(
        key=key,
        title=title,
        template="components/notice.html",
        context=context or (lambda request: {"text": f"{title}の本文"}),
        departments=departments,
        minimum_role=minimum_role,
    )


@pytest.fixture
def registered_panels():
    panels = [
        _panel("test.shimin", "住民異動の受付状況", departments=("shimin",)),
        _panel("test.kazei", "課税台帳の更新", departments=("kazei",)),
        _panel(
            "test.shimin_approval",
            "承認待ちの申請",
            departments=("shimin",),
            minimum_role="approver",
        ),
        _panel("test.everyone", "庁内のお知らせ"),
        _panel("test.hidden", "非表示のパネル", context=lambda request: None),
    ]
    for panel in panels:
        staff_panels.register(panel)
    yield panels
    for panel in panels:
        staff_panels.unregister(panel.key)


@pytest.fixture
def registered_menu():
    entries = [
        MenuEntry(
            "test.kazei_menu", "課税の業務", "console:password_change", departments=("kazei",)
        ),
        MenuEntry(
            "test.admin_menu",
            "システム設定",
            "console:password_change_done",
            system_admin_only=True,
        ),
        MenuEntry("test.broken", "まだない画面", "console:does_not_exist"),
    ]
    for entry in entries:
        staff_menu.register(entry)
    yield entries
    for entry in entries:
        staff_menu.unregister(entry.key)


@pytest.mark.parametrize("url_name", CONSOLE_PAGES)
def test_anonymous_is_sent_to_staff_login(client, url_name):
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('console:login')}?next={url}"


@pytest.mark.parametrize("url_name", CONSOLE_PAGES)
def test_citizen_is_sent_to_staff_login(citizen_client, url_name):
    response = citizen_client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:login"))


@pytest.mark.parametrize("url_name", CONSOLE_PAGES)
def test_staff_without_second_factor_is_sent_to_login(client, clerk_a, url_name):
    client.force_login(clerk_a)

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:login"))


@pytest.mark.parametrize("cast", ["clerk_a", "clerk_b", "supervisor", "system_admin"])
@pytest.mark.parametrize("url_name", CONSOLE_PAGES)
def test_every_verified_staff_member_may_open_the_shell(request, staff_client, cast, url_name):
    client = staff_client(request.getfixturevalue(cast))

    assert client.get(reverse(url_name)).status_code == 200


def test_clerk_a_sees_shimin_and_shared_panels_only(staff_client, clerk_a, registered_panels):
    html = staff_client(clerk_a).get(reverse("console:dashboard")).content.decode()

    assert "住民異動の受付状況の本文" in html
    assert "庁内のお知らせの本文" in html
    assert "課税台帳の更新" not in html
    assert "承認待ちの申請" not in html  # needs approver
    assert "非表示のパネル" not in html
    assert html.index('<h2 id="section-1">市民課</h2>') < html.index("住民異動の受付状況")
    assert html.index('<h2 id="section-2">共通</h2>') < html.index("庁内のお知らせ")


def test_clerk_b_sees_kazei_panel_not_shimin(staff_client, clerk_b, registered_panels):
    html = staff_client(clerk_b).get(reverse("console:dashboard")).content.decode()

    assert "課税台帳の更新の本文" in html
    assert "住民異動の受付状況" not in html


def test_supervisor_sees_approver_panel(staff_client, supervisor, registered_panels):
    html = staff_client(supervisor).get(reverse("console:dashboard")).content.decode()

    assert "承認待ちの申請の本文" in html
    assert "住民異動の受付状況の本文" in html


def test_system_admin_without_department_sees_only_shared_panels(
    staff_client, system_admin, registered_panels
):
    html = staff_client(system_admin).get(reverse("console:dashboard")).content.decode()

    assert "庁内のお知らせの本文" in html
    assert "住民異動の受付状況" not in html
    assert "課税台帳の更新" not in html
    assert "現在、どの課にも配属されていません。" in html


def test_dashboard_shows_current_departments_and_roles(staff_client, clerk_a):
    html = staff_client(clerk_a).get(reverse("console:dashboard")).content.decode()

    assert (
        '<span class="role-department">市民課</span> <span class="tag tag-info">担当</span>' in html
    )
    assert '<span class="staff-role">市民課（担当）</span>' in html  # header
    assert "<title>ダッシュボード | 職員コンソール | " in html


def test_menu_is_filtered_by_department_and_admin_flag(
    staff_client, clerk_a, clerk_b, system_admin, registered_menu
):
    register_link = f'<a href="{reverse("console:privacy_register")}">個人情報ファイル簿</a>'

    for user, sees_kazei, sees_admin in [
        (clerk_a, False, False),
        (clerk_b, True, False),
        (system_admin, False, True),
    ]:
        html = staff_client(user).get(reverse("console:dashboard")).content.decode()
        assert register_link in html
        assert ("課税の業務" in html) is sees_kazei
        assert ("システム設定" in html) is sees_admin
        assert "まだない画面" not in html  # entries whose URL does not resolve are left out


def test_current_menu_entry_is_marked(staff_client, clerk_a):
    html = staff_client(clerk_a).get(reverse("console:privacy_register")).content.decode()

    assert (
        f'<a href="{reverse("console:privacy_register")}" aria-current="page">個人情報ファイル簿</a>'
        in html
    )


def test_privacy_register_lists_every_declared_file(staff_client, clerk_a, unit_a):
    html = staff_client(clerk_a).get(reverse("console:privacy_register")).content.decode()

    assert "<h1>個人情報ファイル簿</h1>" in html
    assert "利用者アカウント" in html
    assert "職員アカウント" in html
    assert (
        "市民課（担当以上）" in html
    )  # readers of identity.citizen_accounts, with the unit's name


def _csv_rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_export_is_utf8_with_bom_and_one_row_per_file(staff_client, clerk_a):
    from yakuba.core.privacy_register import all_files

    response = staff_client(clerk_a).get(reverse("console:privacy_register_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="privacy-register-yakuba.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(response)
    assert rows[0][:3] == ["ファイルの名称", "識別子", "モジュール"]
    assert len(rows) == 1 + len(all_files())
    by_key = {row[1]: row for row in rows[1:]}
    citizen_accounts = by_key["identity.citizen_accounts"]
    assert citizen_accounts[0] == "利用者アカウント"
    assert citizen_accounts[2] == "identity"
    assert citizen_accounts[3].startswith("メールアドレス、氏名（表示名）")
    assert citizen_accounts[5].split("\n")[0].startswith("利用者アカウントの問合せ対応（")
    assert citizen_accounts[11] == "いいえ"


def test_page_registered_for_a_department_and_for_admins_is_listed_once(
    staff_client, system_admin, unit_a
):
    from yakuba.identity.tests.factories import AssignmentFactory

    AssignmentFactory(org_unit=unit_a, role="admin", user=system_admin)
    entries = [
        MenuEntry(
            "test.org",
            "組織の管理",
            "console:password_change",
            order=1,
            departments=("shimin",),
            minimum_role="admin",
        ),
        MenuEntry(
            "test.org_admin",
            "組織の管理",
            "console:password_change",
            order=2,
            system_admin_only=True,
        ),
    ]
    for entry in entries:
        staff_menu.register(entry)
    try:
        html = staff_client(system_admin).get(reverse("console:dashboard")).content.decode()
    finally:
        for entry in entries:
            staff_menu.unregister(entry.key)

    assert html.count("組織の管理") == 1

"""Demo data of the online applications module: the demo city's procedures, the staff who
handle them and about forty applications in every state.

Called by the demo loader (``yakuba.demo.loader``) as one stage, after the accounts, the
citizen link and the My Number cards.  What it makes:

- the standard procedures, categories and life events (``services.seeding``);
- staff of the handling departments (``DEMO_APPLICATIONS_STAFF``): 環境課, 子育て支援課 and
  健康推進課 operators/approvers, and an online-services administrator (電子申請担当) who is
  所属管理者 of 文書情報課 (categories, life events) and of every handling department; the
  loader enrols their TOTP devices and prints their logins like its own staff;
- a few more demo citizens (``DEMO_CITIZENS``, all verified; the business account of
  株式会社むらやま商事 among them);
- ``DEMO_SUBMISSIONS``: applications by 村山 花子 (hanako@example.jp; the card-level ones
  signed with her emulated My Number card), by the other demo citizens and anonymous ones,
  moved through the workflow to 受付, 審査中, 補正依頼 (with the request), 承認, 却下
  (with the reason), 完了 and 取下げ; some are past their deadline, one was corrected and
  resubmitted, one is still a draft.

Everything goes through the module's services: ``filling.start_draft`` / ``save_page`` /
``submit_draft`` (answers validated by the form engine, attachments stored and checked by
content, card signatures verified), ``signing.sign_with_card`` and ``workflow.*``.
Exceptions, for seeding only: the demo citizens are created with Django's ``create_user``
(already verified, like the loader's demo citizen), and a submission's time is the
``now`` given to ``submit_draft`` (days in the past) while the later workflow steps happen
today.  Card-level applications need the emulated card reader (``YAKUBA_JPKI_DEMO``) and
村山 花子's card; without them they are left out (``DemoApplicationsResult.skipped``).
Idempotent: staff and citizens are reused, the procedures seeded again (no change), and the
applications are added only when there are none yet.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yakuba.identity.permissions import departments_on, has_role
from yakuba.identity.services import assign_staff, create_staff_member

from . import standard
from .models import Procedure, Status, Submission
from .policies import CATALOGUE_DEPARTMENTS, HANDLING_DEPARTMENTS
from .schema import FormDefinition
from .services import filling, signing, workflow
from .services.seeding import SeedReport, seed_standard_procedures

# ----------------------------------------------------------------------------- staff


@dataclass(frozen=True)
class DemoApplicationsStaff:
    local_part: str
    display_name: str
    display_name_kana: str
    staff_number: str
    #: (department code, role) pairs.
    roles: tuple[tuple[str, str], ...]
    label: str


DEMO_APPLICATIONS_STAFF: tuple[DemoApplicationsStaff, ...] = (
    DemoApplicationsStaff(
        "shinsei",
        "加藤 美穂",
        "カトウ ミホ",
        "90010",
        (
            *((code, "admin") for code in CATALOGUE_DEPARTMENTS),
            *((code, "admin") for code in HANDLING_DEPARTMENTS),
        ),
        "staff, 電子申請担当 (文書情報課 and every handling department: 所属管理者 — "
        "procedures, forms, categories, inbox, decisions)",
    ),
    DemoApplicationsStaff(
        "kankyo",
        "吉田 翔",
        "ヨシダ ショウ",
        "90011",
        (("kankyo", "operator"),),
        "staff, 環境課 (担当: 粗大ごみ・犬の登録の受付)",
    ),
    DemoApplicationsStaff(
        "kankyo-chief",
        "松本 和子",
        "マツモト カズコ",
        "90012",
        (("kankyo", "approver"),),
        "chief, 環境課 (承認)",
    ),
    DemoApplicationsStaff(
        "kosodate",
        "井上 真理",
        "イノウエ マリ",
        "90013",
        (("kosodate", "operator"),),
        "staff, 子育て支援課 (担当: 児童手当)",
    ),
    DemoApplicationsStaff(
        "kosodate-chief",
        "木村 大輔",
        "キムラ ダイスケ",
        "90014",
        (("kosodate", "admin"),),
        "chief, 子育て支援課 (所属管理者: 承認, forms)",
    ),
    DemoApplicationsStaff(
        "kenko",
        "林 さやか",
        "ハヤシ サヤカ",
        "90015",
        (("kenko", "approver"),),
        "staff, 健康推進課 (承認: がん検診)",
    ),
)


def ensure_demo_staff(*, staff_domain: str, password: str, valid_from: datetime.date) -> list:
    """The applications staff (created once, roles added when missing), as
    ``[(DemoApplicationsStaff, user)]`` for the loader to enrol TOTP and print."""
    user_model = get_user_model()
    units = {unit.code: unit for unit in departments_on(timezone.localdate())}
    accounts = []
    for staff in DEMO_APPLICATIONS_STAFF:
        email = f"{staff.local_part}@{staff_domain}"
        user = user_model.objects.filter(email=email).first()
        if user is None:
            user = create_staff_member(
                email=email,
                display_name=staff.display_name,
                display_name_kana=staff.display_name_kana,
                password=password,
                staff_number=staff.staff_number,
            )
        for code, role in staff.roles:
            if code in units and not has_role(user, [(code, role)]):
                assign_staff(user, units[code], role, valid_from=valid_from, is_primary=False)
        accounts.append((staff, user))
    return accounts


# ----------------------------------------------------------------------------- citizens

#: (e-mail, display name, kana, answers of the applicant block).
DEMO_CITIZENS: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    (
        "kenichi@example.jp",
        "榎本 健一",
        "エノモト ケンイチ",
        {
            "name": "榎本 健一",
            "name_kana": "エノモト ケンイチ",
            "birth_date": "1958-11-03",
            "address": {"postal_code": "208-0022", "address": "東京都武蔵村山市榎二丁目3番地の5"},
            "phone": "042-560-7788",
        },
    ),
    (
        "sakura@example.jp",
        "大南 さくら",
        "オオミナミ サクラ",
        {
            "name": "大南 さくら",
            "name_kana": "オオミナミ サクラ",
            "birth_date": "1985-04-12",
            "address": {
                "postal_code": "208-0013",
                "address": "東京都武蔵村山市大南三丁目5番地の1",
                "building": "グリーンハイツ102",
            },
            "phone": "090-3333-4444",
        },
    ),
    (
        "yoko@example.jp",
        "中藤 洋子",
        "ナカトウ ヨウコ",
        {
            "name": "中藤 洋子",
            "name_kana": "ナカトウ ヨウコ",
            "birth_date": "1962-08-25",
            "address": {"postal_code": "208-0011", "address": "東京都武蔵村山市学園二丁目1番地"},
            "phone": "042-520-3344",
        },
    ),
    (
        "osamu@example.jp",
        "三ツ木 修",
        "ミツギ オサム",
        {
            "name": "三ツ木 修",
            "name_kana": "ミツギ オサム",
            "birth_date": "1975-01-30",
            "address": {
                "postal_code": "208-0032",
                "address": "東京都武蔵村山市三ツ木一丁目10番地の2",
            },
            "phone": "042-560-2222",
        },
    ),
    (
        "shoji@example.jp",
        "三ツ藤 美香（株式会社むらやま商事）",
        "ミツフジ ミカ",
        {},
    ),
    (
        "takuya@example.jp",
        "学園 拓也",
        "ガクエン タクヤ",
        {
            "name": "学園 拓也",
            "name_kana": "ガクエン タクヤ",
            "birth_date": "1990-02-14",
            "address": {
                "postal_code": "208-0021",
                "address": "東京都武蔵村山市三ツ藤二丁目4番地の7",
            },
            "phone": "080-2222-3333",
        },
    ),
)
HANAKO_EMAIL = "hanako@example.jp"
#: The business account (広告・後援名義・施設使用): its login is printed by the loader.
DEMO_BUSINESS_EMAIL = "shoji@example.jp"
DEMO_BUSINESS_LABEL = "株式会社むらやま商事: 広告掲載・後援名義・施設使用"
#: The applicant block keys a persona replaces in an example answer set.
PERSONA_KEYS = ("name", "name_kana", "birth_date", "address", "phone")


def ensure_demo_citizens(password: str) -> dict[str, Any]:
    """The extra demo citizens by e-mail (created verified, like the loader's 村山 花子)."""
    user_model = get_user_model()
    users = {}
    for email, name, kana, _persona in DEMO_CITIZENS:
        user = user_model.objects.filter(email=email).first()
        if user is None:
            user = user_model.objects.create_user(
                email,
                password,
                kind="citizen",
                display_name=name,
                display_name_kana=kana,
                email_verified_at=timezone.now(),
            )
        users[email] = user
    return users


# ----------------------------------------------------------------------------- applications


@dataclass(frozen=True)
class DemoSubmission:
    """One demo application: who applies, how far it got, and when."""

    procedure: str
    #: An e-mail of a demo citizen, or "" for an anonymous application.
    applicant: str
    status: str
    days_ago: int
    #: Changes to the procedure's example answers (after the applicant's own block).
    answers: dict[str, Any] = field(default_factory=dict)
    #: The correction request, rejection reason or approval message.
    message: str = ""
    comment: str = ""
    #: 補正依頼, then corrected and resubmitted by the applicant (ends 審査中).
    resubmitted: bool = False


R, V, C, A, X, D, W = (
    Status.RECEIVED,
    Status.REVIEWING,
    Status.CORRECTION_REQUESTED,
    Status.APPROVED,
    Status.REJECTED,
    Status.COMPLETED,
    Status.WITHDRAWN,
)
HANAKO = HANAKO_EMAIL

DEMO_SUBMISSIONS: tuple[DemoSubmission, ...] = (
    # 市民課 — card level, 村山 花子
    DemoSubmission("juminhyo-yuso", HANAKO, D, 20, message="本日、住民票の写しを1通郵送しました。"),
    DemoSubmission("juminhyo-yuso", HANAKO, V, 3, {"copies": 2, "purpose": "pension"}),
    DemoSubmission(
        "juminhyo-yuso",
        HANAKO,
        C,
        9,
        {
            "delivery": "other",
            "delivery_address": {
                "postal_code": "190-0012",
                "address": "東京都立川市曙町二丁目1番1号",
            },
            "delivery_reason": "勤務先で受け取りたいため",
        },
        message=(
            "住民登録の住所以外への送付には、勤務先であることがわかる書類（社員証の写しなど）の"
            "添付が必要です。書類を添付して再提出してください。"
        ),
    ),
    DemoSubmission("inkan-shomei-yuso", HANAKO, R, 1),
    DemoSubmission(
        "juminhyo-yuso",
        HANAKO,
        R,
        12,
        {"scope": "some", "members": "村山 翔太", "purpose": "school"},
        comment="本人確認済み。世帯の一部（翔太さん）の写し。発送待ち。",
    ),
    # 課税課・収納課
    DemoSubmission(
        "kazei-shomei-yuso",
        HANAKO,
        A,
        6,
        {"fiscal_years": ["r8", "r7"]},
        message="証明書を発行しました。納付書を同封して郵送します。",
    ),
    DemoSubmission("kazei-shomei-yuso", HANAKO, R, 10, {"purpose": "loan"}),
    DemoSubmission(
        "kouza-furikae", HANAKO, V, 15, {"taxes": ["resident", "property", "light_vehicle"]}
    ),
    DemoSubmission(
        "nozei-shomei-yuso",
        HANAKO,
        X,
        8,
        message=(
            "令和8年度の軽自動車税（種別割）の納付が確認できないため、継続検査用の納税証明書を"
            "発行できません。納付後2週間ほどたってから、あらためて申請してください。"
        ),
    ),
    # 子育て支援課・教育・福祉 — card level
    DemoSubmission("jido-teate", HANAKO, V, 5, comment="配偶者の所得を確認中。"),
    DemoSubmission(
        "kaigo-nintei",
        HANAKO,
        A,
        25,
        message="認定調査の日程を、ご家族あてにお電話でご相談します。",
    ),
    DemoSubmission("shogai-techo-jusho", HANAKO, D, 30),
    # 健康推進課 — account level
    DemoSubmission("gan-kenshin", HANAKO, D, 40, message="受診券を郵送しました。"),
    DemoSubmission(
        "gan-kenshin",
        "sakura@example.jp",
        R,
        2,
        {"screenings": ["cervical", "breast"], "month": "m01"},
    ),
    DemoSubmission(
        "gan-kenshin",
        "kenichi@example.jp",
        X,
        11,
        {"sex": "male", "screenings": ["stomach", "breast"]},
        message="乳がん検診は女性の方が対象のため、胃がん検診のみ受け付けます。胃がん検診の受診券は別途お送りします。",
    ),
    DemoSubmission(
        "gan-kenshin", "yoko@example.jp", R, 18, {"screenings": ["stomach", "colorectal", "lung"]}
    ),
    # 環境課 — account level
    DemoSubmission(
        "inu-toroku",
        HANAKO,
        C,
        7,
        message="狂犬病予防注射の接種日が生後91日より前になっています。接種日をご確認ください。",
    ),
    DemoSubmission(
        "inu-toroku",
        "kenichi@example.jp",
        D,
        35,
        {
            "dog_name": "マロン",
            "breed": "トイ・プードル",
            "colour": "アプリコット",
            "dog_sex": "male",
        },
    ),
    DemoSubmission(
        "kyokenbyo-chusha", "osamu@example.jp", A, 4, message="注射済票を郵送します（納付書同封）。"
    ),
    DemoSubmission(
        "sodai-gomi",
        HANAKO,
        D,
        16,
        message="収集日は申込時の希望日です。処理券（1,200円分）を貼って朝8時30分までに出してください。",
    ),
    DemoSubmission(
        "sodai-gomi",
        "sakura@example.jp",
        R,
        1,
        {
            "items": [{"item": "bicycle", "quantity": 1}],
            "outdoors": "no",
            "outdoors_reason": "足が不自由で、自転車を道路まで運べません。",
        },
    ),
    DemoSubmission(
        "sodai-gomi",
        "kenichi@example.jp",
        V,
        9,
        {"items": [{"item": "sofa", "detail": "3人掛け", "quantity": 1}]},
    ),
    DemoSubmission(
        "sodai-gomi", "yoko@example.jp", W, 3, {"items": [{"item": "mattress", "quantity": 1}]}
    ),
    # 施設・イベント・市民活動
    DemoSubmission(
        "shisetsu-shiyo", "yoko@example.jp", V, 12, comment="ロビーの展示パネルの貸出数を確認。"
    ),
    DemoSubmission(
        "shisetsu-shiyo",
        "shoji@example.jp",
        X,
        14,
        {
            "organisation": "株式会社むらやま商事",
            "name": "三ツ藤 美香",
            "purpose": "sale",
            "details": "ロビーで健康食品の試食販売を行います。",
            "attendees": 200,
            "facility": "plaza",
            "email": "ad@murayama-shoji.example.jp",
        },
        message="市民総合センター前広場では、営利を目的とする物品の販売は許可していません。",
    ),
    DemoSubmission(
        "shimin-katsudo-dantai",
        HANAKO,
        C,
        6,
        message="会則（規約）の添付がありません。会則の写しを添付して再提出してください。",
        resubmitted=True,
    ),
    DemoSubmission(
        "shimin-katsudo-dantai",
        "takuya@example.jp",
        R,
        4,
        {
            "group_name": "むらやま子ども食堂ネットワーク",
            "group_kana": "ムラヤマコドモショクドウネットワーク",
            "representative": "学園 拓也",
            "email": "takuya@example.jp",
            "members": 12,
            "members_in_city": 12,
            "field": "children",
            "activities": "市内4か所の子ども食堂の連絡会と食材の共同調達。",
        },
    ),
    DemoSubmission("jukyo-hyoji-shomei", "kenichi@example.jp", D, 21),
    # 事業者向け
    DemoSubmission(
        "koho-kokoku",
        "shoji@example.jp",
        V,
        10,
        comment="原稿の色数とサイズは基準内。業種の確認中。",
    ),
    DemoSubmission(
        "koho-kokoku",
        "shoji@example.jp",
        C,
        20,
        {"medium": "banner", "banner_months": 3, "link_url": "https://murayama-shoji.example.jp/"},
        message="バナー原稿の大きさが横150×縦60ピクセルではありません。規定の大きさの原稿を添付してください。",
    ),
    DemoSubmission("koen-meigi", "shoji@example.jp", R, 22),
    DemoSubmission(
        "sogyo-shien-shomei",
        "takuya@example.jp",
        A,
        7,
        message="証明書を発行しました。登記の際に法務局へ提出してください。",
    ),
    # Anonymous (identity level none)
    DemoSubmission("event-sanka", "", R, 2),
    DemoSubmission(
        "event-sanka",
        "",
        D,
        15,
        {
            "event": "concert",
            "name": "残堀 和夫",
            "name_kana": "ザンボリ カズオ",
            "email": "kazuo@example.jp",
            "participants": 3,
        },
        message="抽選の結果、ご参加いただけます。当日は受付で受付番号をお伝えください。",
    ),
    DemoSubmission(
        "event-sanka",
        "",
        X,
        9,
        {
            "event": "festival-ws",
            "name": "神明 あや",
            "name_kana": "シンメイ アヤ",
            "email": "aya@example.jp",
            "participants": 2,
        },
        message="定員を超える申込があり、抽選の結果、落選となりました。",
    ),
    DemoSubmission("gomi-calendar", "", D, 12),
    DemoSubmission(
        "gomi-calendar",
        "",
        R,
        10,
        {"name": "Nguyen Van An", "language": "vi", "district": "unknown"},
    ),
    DemoSubmission("doro-fuguai-tsuho", "", V, 4, comment="現地確認を道路管理係に依頼済み。"),
    DemoSubmission(
        "doro-fuguai-tsuho",
        "",
        D,
        26,
        {
            "kind": "light",
            "place": "中央三丁目 市役所通りの街路灯（電柱番号 中央12）",
            "details": "夜になっても点灯しません。",
            "wants_reply": "no",
        },
    ),
    DemoSubmission("bosai-mail-dairi", "", D, 6),
    DemoSubmission("bosai-musen", "", R, 1),
)
#: A draft in progress (on 村山 花子's マイページ).
DEMO_DRAFT = DemoSubmission("sodai-gomi", HANAKO, Status.DRAFT, 0, {"wish_date": None})

#: A tiny real PDF (the attachments of the demo are checked by content like any other).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 240 100]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class DemoApplicationsResult:
    seed: SeedReport | None = None
    procedures: int = 0
    submissions: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    #: Procedures of demo submissions left out (card level without the emulated card
    #: reader or 村山 花子's card, or an applicant missing).
    skipped: list[str] = field(default_factory=list)
    staff: list = field(default_factory=list)
    #: Filled by the demo loader (its login lines for ``staff``).
    logins: list = field(default_factory=list)


class _PageInput:
    """What ``filling.save_page`` reads from the engine's page form."""

    def __init__(self, page_answers: dict[str, Any], uploads: list[tuple[str, Any]]) -> None:
        self.page_answers = page_answers
        self.uploads = uploads
        self.removed: list[int] = []


def demo_answers(item: DemoSubmission, persona: dict[str, Any]) -> dict[str, Any]:
    """The procedure's example answers, with the applicant's own block and the changes."""
    example = standard.procedure(item.procedure)
    answers = dict(example.example)
    for key in PERSONA_KEYS:
        if key in persona and key in answers:
            answers[key] = persona[key]
    for key, value in item.answers.items():
        if value is None:
            answers.pop(key, None)
        else:
            answers[key] = value
    for key in example.example_files:
        answers.pop(key, None)  # uploaded instead
    return answers


def _fill(user: Any, draft: Submission, answers: dict[str, Any], files: tuple[str, ...]) -> None:
    definition = FormDefinition.of(draft.form_version)
    for page in definition.pages:
        page_answers = {key: answers[key] for key in page.fields if key in answers}
        uploads = [
            (key, SimpleUploadedFile(f"{key}.pdf", DEMO_PDF, content_type="application/pdf"))
            for key in page.fields
            if key in files
        ]
        filling.save_page(user, draft, page.key, _PageInput(page_answers, uploads))


def _hanako_card_choice() -> str:
    """The emulated reader's choice of 村山 花子's card ("" without the demo reader)."""
    for choice, label in signing.card_choices():
        if label.startswith("村○ 花○"):
            return choice
    return ""


def _sign(user: Any, draft: Submission, choice: str, pin: str) -> Any:
    verified = signing.sign_with_card(user, draft, card_choice=choice, pin=pin)
    if not verified.is_valid:
        raise ValueError(f"demo signature refused: {verified.reason}")
    return verified


def _apply_workflow(
    item: DemoSubmission, submission: Submission, applicant: Any, operator: Any, approver: Any
) -> Submission:
    status = item.status
    if status == Status.WITHDRAWN:
        workflow.withdraw_submission(applicant, submission, "別の方法で処分することにしました。")
        return submission
    if status == Status.RECEIVED:
        if item.comment:
            workflow.add_comment(operator, submission, item.comment)
        return submission
    if status == Status.REJECTED and item.procedure in ("event-sanka",):
        workflow.reject_submission(approver, submission, item.message)
        return submission
    workflow.assign_submission(operator, submission, operator)
    workflow.start_review(operator, submission)
    if item.comment:
        workflow.add_comment(operator, submission, item.comment)
    if status == Status.CORRECTION_REQUESTED:
        workflow.request_correction(operator, submission, item.message)
        if item.resubmitted:
            workflow.resubmit_correction(applicant, submission)
            workflow.message_applicant(
                operator, submission, "再提出ありがとうございます。内容を確認しています。"
            )
    elif status == Status.REJECTED:
        workflow.reject_submission(approver, submission, item.message)
    elif status in (Status.APPROVED, Status.COMPLETED):
        workflow.approve_submission(approver, submission, item.message)
        if status == Status.COMPLETED:
            workflow.complete_submission(operator, submission)
    return submission


def _actors(department_code: str, operators: dict, approvers: dict, fallback: Any):
    return operators.get(department_code, fallback), approvers.get(department_code, fallback)


def load_demo_submissions(
    *,
    citizens: dict[str, Any],
    operators: dict[str, Any],
    approvers: dict[str, Any],
    fallback: Any,
    sign_pin: str,
    now: datetime.datetime | None = None,
) -> tuple[list[Submission], list[str]]:
    """The demo applications through the filling, signing and workflow services."""
    now = now or timezone.now()
    personas = {email: persona for email, _name, _kana, persona in DEMO_CITIZENS}
    procedures = {procedure.code: procedure for procedure in Procedure.objects.all()}
    made, skipped = [], []
    card_choice = _hanako_card_choice()
    for index, item in enumerate((*DEMO_SUBMISSIONS, DEMO_DRAFT)):
        procedure = procedures[item.procedure]
        example = standard.procedure(item.procedure)
        card_level = procedure.identity_level == "card"
        if (item.applicant and item.applicant not in citizens) or (card_level and not card_choice):
            skipped.append(item.procedure)
            continue
        user = citizens[item.applicant] if item.applicant else AnonymousUser()
        draft = filling.start_draft(
            user,
            procedure,
            session={},
            auth_method=filling.CARD_LOGIN
            if card_level
            else ("password" if item.applicant else ""),
        )
        answers = demo_answers(item, personas.get(item.applicant, {}))
        _fill(user, draft, answers, example.example_files)
        if item.status == Status.DRAFT:
            made.append(draft)
            continue
        draft.refresh_from_db()
        signature = _sign(user, draft, card_choice, sign_pin) if card_level else None
        submitted_at = now - datetime.timedelta(days=item.days_ago, minutes=7 * index)
        submission = filling.submit_draft(user, draft, signature=signature, now=submitted_at)
        operator, approver = _actors(procedure.department_code, operators, approvers, fallback)
        _apply_workflow(item, submission, user, operator, approver)
        submission.refresh_from_db()
        made.append(submission)
    return made, skipped


def load_demo_applications(
    *,
    staff_domain: str,
    password: str,
    valid_from: datetime.date,
    citizen_email: str = HANAKO_EMAIL,
    shimin_operator_email: str = "",
    shimin_approver_email: str = "",
    extra_staff: dict[str, tuple[str, str]] | None = None,
    sign_pin: str = "ABC123",
) -> DemoApplicationsResult:
    """Seed the procedures, make the applications staff and citizens, and the demo
    applications (only when there are none yet).  ``extra_staff`` maps a department code
    to (operator e-mail, approver e-mail) of staff the loader made already."""
    result = DemoApplicationsResult()
    result.seed = seed_standard_procedures()
    result.procedures = Procedure.objects.filter(is_published=True).count()
    result.staff = ensure_demo_staff(
        staff_domain=staff_domain, password=password, valid_from=valid_from
    )
    if Submission.objects.exclude(status=Status.DRAFT).exists():
        return result
    user_model = get_user_model()
    by_email = {user.email: user for _staff, user in result.staff}
    operators = {
        "kankyo": by_email[f"kankyo@{staff_domain}"],
        "kosodate": by_email[f"kosodate@{staff_domain}"],
    }
    approvers = {
        "kankyo": by_email[f"kankyo-chief@{staff_domain}"],
        "kosodate": by_email[f"kosodate-chief@{staff_domain}"],
        "kenko": by_email[f"kenko@{staff_domain}"],
    }
    known = dict(extra_staff or {})
    if shimin_operator_email or shimin_approver_email:
        known["shimin"] = (shimin_operator_email, shimin_approver_email)
    for code, (operator_email, approver_email) in known.items():
        operator = user_model.objects.filter(email=operator_email).first()
        approver = user_model.objects.filter(email=approver_email).first()
        if operator is not None and has_role(operator, [(code, "operator")]):
            operators[code] = operator
        if approver is not None and has_role(approver, [(code, "approver")]):
            approvers[code] = approver
    citizens = ensure_demo_citizens(password)
    hanako = user_model.objects.filter(email=citizen_email).first()
    if hanako is not None:
        citizens[HANAKO_EMAIL] = hanako
    else:
        citizens.pop(HANAKO_EMAIL, None)
    made, result.skipped = load_demo_submissions(
        citizens=citizens,
        operators=operators,
        approvers=approvers,
        fallback=by_email[f"shinsei@{staff_domain}"],
        sign_pin=sign_pin,
    )
    submitted = [submission for submission in made if submission.status != Status.DRAFT]
    result.submissions = len(submitted)
    result.by_status = dict(Counter(submission.status for submission in made))
    return result

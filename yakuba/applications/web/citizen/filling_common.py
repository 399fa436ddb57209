"""Shared pieces of the filling pages: the language, the draft guard, the steps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ...models import Submission
from ...schema import FormDefinition
from ...services import filling

REVIEW_STEP = "__review__"


def page_language() -> str:
    """``en`` when the request's language is English, else ``ja``."""
    return "en" if (translation.get_language() or "ja").startswith("en") else "ja"


def auth_method(request: HttpRequest) -> str:
    if not getattr(request.user, "is_authenticated", False):
        return ""
    return str(request.session.get(filling.SESSION_AUTH_METHOD) or "password")


def draft_for(request: HttpRequest, draft_key: str, *, drafts_only: bool = True) -> Submission:
    """The draft named in the URL if this account or this browser owns it (else 404)."""
    return filling.get_draft_for(request.user, request.session, draft_key, drafts_only=drafts_only)


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    title: str
    is_current: bool
    is_done: bool


def steps(definition: FormDefinition, current: str, language: str) -> list[Step]:
    """One step per page, then 「入力内容の確認」."""
    keys = [*definition.page_keys, REVIEW_STEP]
    position = keys.index(current) if current in keys else 0
    titles = [page.title(language) for page in definition.pages]
    titles.append(str(_("入力内容の確認")))
    return [
        Step(index + 1, key, titles[index], index == position, index < position)
        for index, key in enumerate(keys)
    ]


def procedure_title(procedure: Any, language: str) -> str:
    if language == "en" and procedure.title_en:
        return procedure.title_en
    return procedure.title


def procedure_url(procedure: Any) -> str:
    """The catalogue's page of the procedure (the catalogue part), or ""."""
    for name in ("portal:applications:procedure_detail",):
        try:
            return reverse(name, args=[procedure.code])
        except NoReverseMatch:
            continue
    return ""


def catalogue_url() -> str:
    for name in ("portal:applications:procedure_list",):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


def sign_url(submission: Submission) -> str:
    """The card signing page of the マイページ part, or "" while it has not landed."""
    try:
        return reverse("portal:applications:mine_sign", args=[submission.draft_key])
    except NoReverseMatch:
        return ""


def mine_url(submission: Submission | None = None) -> str:
    """マイページ's page of the application (the mine part), else マイページ."""
    if submission is not None:
        try:
            return reverse("portal:applications:mine_detail", args=[submission.reference])
        except NoReverseMatch:
            pass
    return reverse("portal:mypage")


def breadcrumbs(procedure: Any, language: str, current: str) -> list[tuple[str, str]]:
    crumbs: list[tuple[str, str]] = [(str(_("ホーム")), reverse("portal:home"))]
    if catalogue_url():
        crumbs.append((str(_("電子申請")), catalogue_url()))
    if procedure_url(procedure):
        crumbs.append((procedure_title(procedure, language), procedure_url(procedure)))
    crumbs.append((current, ""))
    return crumbs

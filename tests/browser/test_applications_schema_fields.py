"""Every field type of the form engine on a 320px phone: axe-core clean, no horizontal
scrolling, conditional display enhanced by the show-if script.

There is no citizen filling page to drive yet, so each test renders
``applications/fields/page.html`` with Django's template engine into a page that
Playwright serves at http://schema.test/ together with the project's CSS and the show-if
script from the checkout (axe-core reads linked stylesheets, which file:// pages forbid).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from playwright.sync_api import expect

from yakuba.applications.schema import FormDefinition, build_page_form
from yakuba.applications.tests.factories_schema import (
    every_widget_answers,
    every_widget_definition,
)

from .conftest import ROOT

pytestmark = [pytest.mark.browser]

PHONE_320 = {"width": 320, "height": 640}
ORIGIN = "http://schema.test"
FILES = {
    "/static/css/yakuba.css": (ROOT / "static" / "css" / "yakuba.css", "text/css"),
    "/static/applications/fields.css": (
        ROOT / "yakuba" / "applications" / "static" / "applications" / "fields.css",
        "text/css",
    ),
    "/static/applications/show-if.js": (
        ROOT / "yakuba" / "applications" / "static" / "applications" / "show-if.js",
        "text/javascript",
    ),
}


def document(form: Any, *, language: str = "ja") -> str:
    with translation.override(language):
        fields = render_to_string("applications/fields/page.html", {"form": form})
        title = form.definition.title(language)
    return f"""<!doctype html>
<html lang="{language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="/static/css/yakuba.css"></head>
<body><main class="main" id="main"><div class="container">
<h1>{title}</h1>
<form method="post" enctype="multipart/form-data" novalidate>
<button type="submit" class="visually-hidden" name="action" value="next" tabindex="-1" aria-hidden="true">次へ</button>
{fields}
<div class="form-actions"><button type="submit" class="button" name="action" value="next">次へ</button></div>
</form></div></main></body></html>"""


@pytest.fixture
def open_document(browser: Any):
    contexts: list[Any] = []
    errors: list[str] = []

    def open_page(html: str, *, javascript: bool = True) -> Any:
        context = browser.new_context(viewport=PHONE_320, java_script_enabled=javascript)
        contexts.append(context)

        def serve(route: Any) -> None:
            path = urlsplit(route.request.url).path
            if path in FILES:
                file, content_type = FILES[path]
                route.fulfill(body=file.read_bytes(), content_type=content_type)
            elif path == "/":
                route.fulfill(body=html.encode(), content_type="text/html; charset=utf-8")
            else:
                route.fulfill(status=404, body=b"")

        context.route(f"{ORIGIN}/**", serve)
        page = context.new_page()
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{ORIGIN}/")
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, "browser console errors:\n" + "\n".join(errors)


@pytest.fixture
def definition() -> FormDefinition:
    return FormDefinition(*every_widget_definition())


def fits_the_screen(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_320["width"], f"page is {width}px wide"


@pytest.mark.parametrize("page_key", ["applicant", "details"])
def test_every_field_type_is_accessible_on_a_small_phone(
    open_document, axe_check, definition, page_key
):
    form = build_page_form(
        definition,
        page_key,
        answers=every_widget_answers(),
        attachments={1: "免許証.pdf"},
        prefilled=["name", "birth_date"],
    )

    page = open_document(document(form))

    expect(page.locator("h1")).to_have_text("全項目のテスト申請")
    expect(page.locator("[data-application-fields] > .form-group")).to_have_count(len(form.shown))
    axe_check(page)
    fits_the_screen(page)


def test_errors_are_accessible_and_linked_from_the_summary(open_document, axe_check, definition):
    data = QueryDict(mutable=True)
    data.update(
        {"children__count": "2", "children__1__child_birth_date": "R2.13.1", "bank__bank_code": "1"}
    )
    form = build_page_form(definition, "details", data=data)
    assert not form.is_valid()

    page = open_document(document(form))

    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".error-message")).to_have_count(len(form.error_summary()))
    page.locator(".error-summary a", has_text="金融機関コードは4桁").click()
    expect(page.locator("#id_bank__bank_code")).to_be_focused()
    axe_check(page)
    fits_the_screen(page)


def test_every_field_type_in_english(open_document, axe_check, definition):
    form = build_page_form(definition, "details", answers=every_widget_answers(), language="en")

    page = open_document(document(form, language="en"))

    expect(page.locator("legend", has_text="Do you keep a dog?")).to_be_visible()
    expect(page.get_by_role("button", name="Add a child")).to_be_visible()
    axe_check(page)
    fits_the_screen(page)


def test_show_if_script_hides_and_shows_the_conditional_field(open_document, definition):
    form = build_page_form(definition, "details", answers={"has_dog": "no"})

    page = open_document(document(form))

    dog_name = page.locator("#field-dog_name")
    expect(dog_name).to_be_hidden()
    page.get_by_label("はい", exact=True).check()
    expect(dog_name).to_be_visible()
    page.get_by_label("いいえ", exact=True).check()
    expect(dog_name).to_be_hidden()


def test_without_javascript_the_conditional_field_is_shown_with_its_note(open_document, definition):
    form = build_page_form(definition, "details", answers={"has_dog": "no"})

    page = open_document(document(form), javascript=False)

    expect(page.locator("#field-dog_name")).to_be_visible()
    expect(page.locator("#field-dog_name .application-condition")).to_have_text(
        "「犬を飼っていますか」で「はい」を選んだ方のみ"
    )

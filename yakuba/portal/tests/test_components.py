"""Design-system components (templates/components) and their template tags."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


class ContactForm(forms.Form):
    name = forms.CharField(label="氏名", help_text="戸籍上の氏名を入力してください。")
    postal_code = forms.CharField(label="郵便番号", required=False)
    method = forms.ChoiceField(
        label="連絡方法", choices=[("mail", "郵便"), ("phone", "電話")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="同意します")


def render(template: str, **context) -> str:
    """Render without context processors (no database): components get only what they are given."""
    return render_to_string(template, context)


def test_field_links_hint_and_errors_and_marks_invalid():
    form = ContactForm(data={})
    form.is_valid()

    html = render("components/field.html", field=form["name"])

    assert (
        '<label class="label" for="id_name">氏名 <span class="required">必須</span></label>' in html
    )
    assert '<p class="hint" id="id_name_hint">戸籍上の氏名を入力してください。</p>' in html
    assert 'id="id_name_error_1"' in html
    assert 'aria-describedby="id_name_hint id_name_error_1"' in html
    assert 'aria-invalid="true"' in html
    assert 'class="form-group form-group-error"' in html


def test_valid_optional_field_has_no_error_attributes():
    form = ContactForm(data={"name": "村山 花子", "method": "mail", "agree": "on"})
    form.is_valid()

    html = render("components/field.html", field=form["postal_code"], width="10")

    assert "aria-invalid" not in html
    assert "aria-describedby" not in html
    assert "必須" not in html
    assert 'class="input-width-10"' in html


def test_radio_group_renders_as_fieldset_with_legend():
    form = ContactForm(data={})
    form.is_valid()

    html = render("components/field.html", field=form["method"])

    assert '<fieldset class="fieldset" aria-describedby="id_method_error_1">' in html
    assert '<legend class="label">連絡方法 <span class="required">必須</span></legend>' in html
    assert '<label for="id_method_0">郵便</label>' in html
    assert 'class="radio"' in html


def test_single_checkbox_puts_label_after_box():
    form = ContactForm(data={})
    form.is_valid()

    html = render("components/field.html", field=form["agree"])

    assert html.index('type="checkbox"') < html.index('<label for="id_agree">')


def test_error_summary_links_each_error_to_its_control():
    form = ContactForm(data={})
    form.is_valid()

    html = render("components/error_summary.html", form=form)

    assert '<a href="#id_name">氏名: ' in html
    assert '<a href="#id_method_0">連絡方法: ' in html  # first radio of the group
    assert (
        '<h2 id="error-summary-title" class="error-summary-title">入力内容に問題があります</h2>'
        in html
    )


def test_error_summary_is_empty_for_valid_form():
    form = ContactForm(data={"name": "村山 花子", "method": "mail", "agree": "on"})
    form.is_valid()

    assert render("components/error_summary.html", form=form).strip() == ""


def test_pagination_keeps_other_query_parameters():
    page = Paginator(list(range(100)), 10).page(5)
    request = RequestFactory().get("/list/", {"q": "村山", "page": "5"})

    html = render("components/pagination.html", page=page, request=request)

    assert 'href="?q=%E6%9D%91%E5%B1%B1&amp;page=4" rel="prev"' in html
    assert 'href="?q=%E6%9D%91%E5%B1%B1&amp;page=6" rel="next"' in html
    assert 'aria-current="page"><span class="visually-hidden">ページ </span>5</a>' in html
    assert "全10ページ中 5ページ目" in html


def test_pagination_hidden_for_single_page():
    page = Paginator([1, 2], 10).page(1)

    html = render("components/pagination.html", page=page, request=RequestFactory().get("/"))

    assert html.strip() == ""


def test_progress_shows_percentage_refresh_link_and_poll_url():
    html = render(
        "components/progress.html",
        id="job-1",
        label="取込",
        value=3,
        max=12,
        status="処理中",
        refresh_url="/jobs/1/",
        poll_url="/jobs/1/progress/",
    )

    assert (
        '<progress class="progress-bar" max="100" value="25" aria-labelledby="job-1-label">25%</progress>'
        in html
    )
    assert 'data-poll-url="/jobs/1/progress/"' in html
    assert '<a href="/jobs/1/" class="button button-secondary button-small">更新</a>' in html


def test_finished_progress_stops_polling_and_links_result():
    html = render(
        "components/progress.html",
        id="job-1",
        label="取込",
        value=12,
        max=12,
        done=True,
        poll_url="/p/",
        result_url="/jobs/1/result/",
    )

    assert "data-poll-url" not in html
    assert "更新" not in html
    assert 'value="100"' in html
    assert '<a href="/jobs/1/result/">結果を見る</a>' in html


def test_breadcrumbs_mark_current_page():
    html = render(
        "components/breadcrumbs.html",
        crumbs=[("ホーム", "/"), ("手続き", "/services/"), ("転入届", "")],
    )

    assert '<li><a href="/services/">手続き</a></li>' in html
    assert '<li aria-current="page">転入届</li>' in html


def test_table_is_a_focusable_labelled_region():
    html = render(
        "components/table.html",
        id="t",
        caption="受付",
        headers=["番号", "状態"],
        rows=[["A-1", "受付済"]],
    )

    assert (
        '<div class="table-wrapper" role="region" aria-labelledby="t-caption" tabindex="0">' in html
    )
    assert '<th scope="row">A-1</th><td>受付済</td>' in html


def test_notice_announces_when_live():
    html = render(
        "components/notice.html",
        kind="error",
        title="保存できませんでした",
        text="もう一度お試しください。",
        live=True,
    )

    assert '<div class="notice notice-error" role="alert">' in html
    assert '<span class="visually-hidden">エラー:</span>保存できませんでした' in html


def test_summary_list_shows_dash_for_empty_values():
    html = render("components/summary_list.html", rows=[("氏名", "村山 花子"), ("電話", "")])

    assert "<dt>氏名</dt><dd>村山 花子</dd>" in html
    assert "<dt>電話</dt><dd>—</dd>" in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ja", "令和8年11月25日（2026年11月25日）"), ("en", "November 25, 2026 (Reiwa 8)")],
)
def test_date_both_follows_language(language, expected):
    from django.template import Context, Template

    with translation.override(language):
        html = Template("{% load yakuba_ui %}{{ day|date_both }}").render(
            Context({"day": datetime.date(2026, 11, 25)})
        )

    assert html == expected

"""The form builder's edits: small, pure changes of a ``BuilderForm`` (add, replace,
delete and move fields and sub-fields; create, rename and delete pages; the title).

Each function changes the form in place or raises ``ValidationError`` with a message for
the staff member.  The service ``services.forms.edit_draft`` applies one of them to the
locked draft, compiles and checks the result, and saves it.

When a form has pages, ``form.fields`` is kept in page order (``normalise``), so the
field order the compiler writes (``ui:order``) always agrees with the pages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ...schema import BuilderField, BuilderForm, BuilderPage


def normalise(form: BuilderForm) -> None:
    """Fields in page order; every page lists only existing fields."""
    if not form.pages:
        return
    by_key = {item.key: item for item in form.fields}
    listed: list[str] = []
    for page in form.pages:
        page.fields = [key for key in page.fields if key in by_key and key not in listed]
        listed.extend(page.fields)
    missing = [item.key for item in form.fields if item.key not in listed]
    if missing:
        form.pages[-1].fields.extend(missing)
        listed.extend(missing)
    form.fields = [by_key[key] for key in listed]


def siblings(form: BuilderForm, parent: str = "") -> list[BuilderField]:
    """The top-level fields, or the sub-fields of group ``parent``."""
    if not parent:
        return form.fields
    group = find(form, parent)
    if group.widget != "group":
        raise ValidationError(_("「%(key)s」はグループではありません。") % {"key": parent})
    return group.children


def find(form: BuilderForm, key: str, parent: str = "") -> BuilderField:
    for item in siblings(form, parent) if parent else form.fields:
        if item.key == key:
            return item
    raise ValidationError(_("項目「%(key)s」はありません。") % {"key": key}, code="missing")


def page_of(form: BuilderForm, key: str) -> BuilderPage | None:
    for page in form.pages:
        if key in page.fields:
            return page
    return None


def dependants(form: BuilderForm, key: str) -> list[BuilderField]:
    """Top-level fields whose display condition reads ``key``."""
    return [item for item in form.fields if (item.show_if or {}).get("field") == key]


def set_title(form: BuilderForm, title: str, title_en: str) -> None:
    form.title, form.title_en = title, title_en


def add_field(form: BuilderForm, field: BuilderField, *, page: str = "", parent: str = "") -> None:
    items = siblings(form, parent)
    if any(item.key == field.key for item in items):
        raise ValidationError({"key": _("このキーは既に使われています。")}, code="unique")
    items.append(field)
    if not parent and form.pages:
        target = next((p for p in form.pages if p.key == page), form.pages[-1])
        target.fields.append(field.key)
        normalise(form)


def replace_field(form: BuilderForm, key: str, field: BuilderField, *, parent: str = "") -> None:
    """Put the edited ``field`` where ``key`` was; a changed key is renamed in the pages
    and in the display conditions that read it.  A group keeps its sub-fields."""
    items = siblings(form, parent)
    index = next((i for i, item in enumerate(items) if item.key == key), None)
    if index is None:
        raise ValidationError(_("項目「%(key)s」はありません。") % {"key": key}, code="missing")
    if field.key != key and any(item.key == field.key for item in items):
        raise ValidationError({"key": _("このキーは既に使われています。")}, code="unique")
    old = items[index]
    if old.widget == "group" and field.widget == "group" and not field.children:
        field.children = old.children
    items[index] = field
    if field.key != key and not parent:
        for page in form.pages:
            page.fields = [field.key if k == key else k for k in page.fields]
        for item in form.fields:
            if item.show_if and item.show_if.get("field") == key:
                item.show_if = {**item.show_if, "field": field.key}


def delete_field(form: BuilderForm, key: str, *, parent: str = "") -> None:
    items = siblings(form, parent)
    field = find(form, key, parent)
    if not parent:
        readers = dependants(form, key)
        if readers:
            raise ValidationError(
                _("「%(label)s」は項目「%(readers)s」の表示条件で使われているため削除できません。")
                % {"label": field.label, "readers": "、".join(item.label for item in readers)},
                code="in_use",
            )
    items.remove(field)
    if not parent and form.pages:
        for page in form.pages:
            if key in page.fields:
                page.fields.remove(key)
        # A page left without fields goes with its last field.
        form.pages = [page for page in form.pages if page.fields]
        normalise(form)


def move_field(form: BuilderForm, key: str, direction: str, *, parent: str = "") -> None:
    """One place up or down.  On a form with pages, the first field of a page moves up to
    the end of the previous page and the last one down to the start of the next page."""
    if direction not in ("up", "down"):
        raise ValidationError(_("移動の方向が正しくありません。"), code="direction")
    step = -1 if direction == "up" else 1
    if parent or not form.pages:
        items = siblings(form, parent)
        index = items.index(find(form, key, parent))
        target = index + step
        if not 0 <= target < len(items):
            raise ValidationError(_("これ以上移動できません。"), code="edge")
        items[index], items[target] = items[target], items[index]
        return
    page = page_of(form, key)
    assert page is not None
    page_index = form.pages.index(page)
    index = page.fields.index(key)
    target = index + step
    if 0 <= target < len(page.fields):
        page.fields[index], page.fields[target] = page.fields[target], page.fields[index]
    else:
        next_index = page_index + step
        if not 0 <= next_index < len(form.pages):
            raise ValidationError(_("これ以上移動できません。"), code="edge")
        if len(page.fields) == 1:
            raise ValidationError(
                _("ページ「%(title)s」の最後の項目は移動できません（ページを削除してください）。")
                % {"title": page.title},
                code="last_on_page",
            )
        page.fields.remove(key)
        other = form.pages[next_index]
        if direction == "up":
            other.fields.append(key)
        else:
            other.fields.insert(0, key)
    normalise(form)


def move_to_page(form: BuilderForm, key: str, page_key: str) -> None:
    """Put field ``key`` at the end of page ``page_key``."""
    find(form, key)
    target = next((p for p in form.pages if p.key == page_key), None)
    if target is None:
        raise ValidationError({"page": _("ページが見つかりません。")}, code="missing")
    current = page_of(form, key)
    if current is target:
        return
    if current is not None:
        if len(current.fields) == 1:
            raise ValidationError(
                {
                    "page": _(
                        "ページ「%(title)s」の最後の項目は移動できません（ページを削除してください）。"
                    )
                    % {"title": current.title}
                },
                code="last_on_page",
            )
        current.fields.remove(key)
    target.fields.append(key)
    normalise(form)


def _new_page_key(form: BuilderForm) -> str:
    used = {page.key for page in form.pages}
    number = len(form.pages) + 1
    while f"page{number}" in used:
        number += 1
    return f"page{number}"


def add_page(form: BuilderForm, *, title: str, title_en: str, first_field: str) -> BuilderPage:
    """A new last page holding ``first_field`` (a page is never empty).  A form without
    pages first gets a page 「1ページ目」 holding its other fields."""
    find(form, first_field)
    if not form.pages:
        rest = [item.key for item in form.fields if item.key != first_field]
        if rest:
            form.pages.append(
                BuilderPage(key="page1", title=_("1ページ目"), title_en="Page 1", fields=rest)
            )
    else:
        current = page_of(form, first_field)
        if current is not None:
            if len(current.fields) == 1:
                raise ValidationError(
                    {
                        "first_field": _(
                            "ページ「%(title)s」の最後の項目は移動できません（ページを削除してください）。"
                        )
                        % {"title": current.title}
                    },
                    code="last_on_page",
                )
            current.fields.remove(first_field)
    page = BuilderPage(
        key=_new_page_key(form), title=title, title_en=title_en, fields=[first_field]
    )
    form.pages.append(page)
    normalise(form)
    return page


def rename_page(form: BuilderForm, page_key: str, *, title: str, title_en: str) -> None:
    page = next((p for p in form.pages if p.key == page_key), None)
    if page is None:
        raise ValidationError(_("ページが見つかりません。"), code="missing")
    page.title, page.title_en = title, title_en


def delete_page(form: BuilderForm, page_key: str) -> None:
    """Its fields join the previous page (the next one for the first page); deleting the
    only page makes a one-page form."""
    page = next((p for p in form.pages if p.key == page_key), None)
    if page is None:
        raise ValidationError(_("ページが見つかりません。"), code="missing")
    index = form.pages.index(page)
    form.pages.remove(page)
    if form.pages:
        neighbour = form.pages[index - 1] if index > 0 else form.pages[0]
        if index > 0:
            neighbour.fields.extend(page.fields)
        else:
            neighbour.fields[:0] = page.fields
        normalise(form)
    if len(form.pages) == 1:
        form.pages = []  # one page left: a plain one-page form


def earlier_fields(
    form: BuilderForm, key: str | None, *, parent: str = "", page: str = ""
) -> list[BuilderField]:
    """Fields a display condition of ``key`` may read: those before it (for a new field,
    those up to the end of the page it goes on), of a type that can be tested.  Sub-fields
    of a group have no display condition."""
    if parent:
        return []
    if key is None and form.pages:
        target = next((p for p in form.pages if p.key == page), form.pages[-1])
        allowed = []
        for each in form.pages:
            allowed.extend(each.fields)
            if each is target:
                break
        candidates = [item for item in form.fields if item.key in allowed]
    else:
        candidates = []
        for item in form.fields:
            if item.key == key:
                break
            candidates.append(item)
    return [item for item in candidates if item.widget in CONDITION_WIDGETS]


#: Types a display condition may read.
CONDITION_WIDGETS = ("radio", "select", "checkboxes", "consent", "text", "number", "kana", "date")

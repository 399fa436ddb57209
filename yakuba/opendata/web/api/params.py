"""Reading an action's data dict from the request, and typed parameters out of it.

As CKAN (``_get_request_data``):

* GET: the query string, for read actions only (a write sent with GET is a 400);
  a key given once is a string, given several times a list;
* POST ``application/x-www-form-urlencoded`` or ``multipart/form-data``: the form
  fields (same rule), plus the uploaded files under their field names (``upload``);
  a form whose only field has the value ``""`` or ``"1"`` carries the JSON in its key
  (what some old clients send);
* any other POST: the body as a JSON object (a read action with an empty body reads the
  query string instead).

Anything unreadable is a :class:`~.errors.BadRequest` ("JSON Error"), never a 500.
:class:`Parameters` then reads typed values and collects per-field errors with CKAN's
messages, raised together as one Validation Error.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from .errors import Invalid, json_error

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_INTEGER = re.compile(r"^\s*[+-]?\d{1,18}\s*$")
TRUE_WORDS = ("true", "yes", "on", "y", "t", "1")
FALSE_WORDS = ("false", "no", "off", "n", "f", "0", "")


def _mixed(values: QueryDict) -> dict[str, Any]:
    return {key: items[0] if len(items) == 1 else items for key, items in values.lists()}


def request_data(request: HttpRequest, *, side_effect_free: bool) -> dict[str, Any]:
    """The data dict of the request (see the module docstring)."""
    if request.method == "GET":
        if not side_effect_free:
            raise json_error(_("この操作はPOSTで送ってください。"))
        return _mixed(request.GET)
    try:
        if request.content_type in FORM_TYPES:
            data = _form_data(request)
        elif side_effect_free and request.GET and not request.body.strip():
            data = _mixed(request.GET)
        else:
            data = _json_body(request.body)
    except (RequestDataTooBig, TooManyFieldsSent) as error:
        raise json_error(_("送られたデータが大きすぎます。")) from error
    except (MultiPartParserError, SuspiciousOperation) as error:
        raise json_error(_("multipart/form-data を読めません。")) from error
    if not _storable(data):
        raise json_error(_("使えない文字（NUL文字や不正なサロゲート）が含まれています。"))
    return data


def _storable(value: Any, depth: int = 0) -> bool:
    """Whether every string in ``value`` can be stored in PostgreSQL text and JSON (no
    NUL character, valid UTF-8)."""
    if depth > 50:
        return False
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_storable(k, depth + 1) and _storable(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(item, depth + 1) for item in value)
    return True


def _form_data(request: HttpRequest) -> dict[str, Any]:
    form = request.POST
    values = [value for _key, value in form.items()]
    key = next(iter(form.keys()), "")
    if len(form) == 1 and values[0] in ("", "1") and key.lstrip().startswith("{"):
        data = _json_body(key.encode())
    else:
        data = _mixed(form)
    for name, upload in request.FILES.items():
        data[name] = upload
    return data


def _json_body(body: bytes) -> dict[str, Any]:
    if not body.strip():
        return {}
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise json_error(_("JSONはUTF-8で送ってください。")) from error
    except RecursionError as error:
        raise json_error(_("JSONの入れ子が深すぎます。")) from error
    except ValueError as error:
        raise json_error(
            _("JSONとして読めません（%(line)s行目 %(column)s文字目）。")
            % {"line": getattr(error, "lineno", "?"), "column": getattr(error, "colno", "?")}
        ) from error
    if not isinstance(data, dict):
        raise json_error(_("送るJSONはオブジェクト（{…}）にしてください。"))
    return data


def missing_value() -> str:
    return _("値がありません。")


class Parameters:
    """Typed reads of a data dict; errors are collected per field (CKAN's names) and
    raised together by :meth:`check`."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, list[str]] = {}

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def check(self) -> None:
        if self.errors:
            raise Invalid(dict(self.errors))

    def given(self, name: str) -> bool:
        return self.data.get(name) is not None

    def required_text(self, *names: str) -> str:
        """The first of ``names`` given as a non-empty string (CKAN's ``get_or_bust``:
        the error names the last one)."""
        for name in names:
            value = self.data.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if isinstance(value, str) and value.strip():
                return value.strip()
        self.error(names[-1], missing_value())
        self.check()
        return ""

    def text(self, name: str, default: str = "") -> str:
        value = self.data.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(name, _("文字列で指定してください。"))
            return default
        return str(value).strip()

    def integer(self, name: str, default: int | None = None, *, minimum: int | None = None):
        """CKAN's ``int_validator`` (and ``natural_number_validator`` with ``minimum=0``,
        ``is_positive_integer`` with ``minimum=1``)."""
        value = self.data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and _INTEGER.match(value):
            number = int(value)
        if number is None:
            self.error(name, _("整数で指定してください。"))
            return default
        if minimum is not None and number < minimum:
            self.error(name, _("%(minimum)s以上の整数で指定してください。") % {"minimum": minimum})
            return default
        return number

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS + FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        self.error(name, _("true か false で指定してください。"))
        return default

    def string_list(self, name: str, *, json_text: bool = True) -> list[str] | None:
        """A list of strings, given as a list or (``json_text``) a JSON list in a string,
        as ``facet.field``; a plain string that is not JSON is CKAN's "Could not parse"."""
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, str) and json_text:
            try:
                value = json.loads(value)
            except ValueError:
                self.error(name, _("JSONとして読めません。"))
                return None
        if not isinstance(value, list):
            self.error(name, _("リストで指定してください。"))
            return None
        if not all(isinstance(item, str) for item in value):
            self.error(name, _("リストの要素は文字列にしてください。"))
            return None
        return value

    def names(self, name: str) -> list[str] | None:
        """A list of names given as a list or a comma-separated string (``organizations``)."""
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        self.error(name, _("名前のリストで指定してください。"))
        return None


def is_upload(value: Any) -> bool:
    return isinstance(value, UploadedFile)

"""Whole-form validation at submit (``validate_answers``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

from .definition import FormDefinition, clean_answers, is_empty, visible_keys
from .rules import check_value, required_message

_FORMAT_CHECKER = FormatChecker(formats=("email", "date"))


def _jsonschema_keys(schema: dict[str, Any], answers: dict[str, Any]) -> set[str]:
    """Top-level keys jsonschema finds a problem with ("" for the form as a whole)."""
    keys: set[str] = set()
    validator = Draft202012Validator(schema, format_checker=_FORMAT_CHECKER)
    for error in validator.iter_errors(answers):
        path = list(error.absolute_path)
        if path:
            keys.add(str(path[0]))
        elif error.validator == "required":
            keys.update(key for key in error.validator_value if key not in answers)
        elif error.validator in ("allOf", "if", "then"):
            for sub in error.context or []:
                if sub.validator == "required":
                    keys.update(key for key in sub.validator_value if key not in answers)
                else:
                    keys.add("")
        else:
            keys.add("")
    return keys


def validate_answers(
    definition: FormDefinition,
    answers: dict[str, Any],
    *,
    language: str = "ja",
    today: datetime.date | None = None,
) -> dict[str, list[str]]:
    """Problems of a whole submission, ``{field key: [messages]}`` (empty when valid).

    Hidden fields are dropped first (and never required); a key ``"__all__"`` carries a
    problem that belongs to no field.  Messages are ours, in ``language``.
    """
    with translation.override(language):
        cleaned = clean_answers(definition, answers)
        visible = visible_keys(definition, answers)
        errors: dict[str, list[str]] = {}
        for key in definition.order:
            if key not in visible:
                continue
            item = definition.fields[key]
            value = cleaned.get(key)
            if is_empty(value):
                if item.required:
                    errors[key] = [required_message(item, language)]
                continue
            messages = check_value(item, value, today=today, language=language)
            if messages:
                errors[key] = messages
        for key in _jsonschema_keys(definition.schema, cleaned):
            if key in errors:
                continue
            if key in definition.fields:
                item = definition.fields[key]
                if key not in cleaned and item.required:
                    errors[key] = [required_message(item, language)]
                else:
                    errors[key] = [
                        _("%(label)sの入力内容が正しくありません。")
                        % {"label": item.title(language)}
                    ]
            else:
                errors.setdefault("__all__", []).append(_("入力内容が正しくありません。"))
        return errors

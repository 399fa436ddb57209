"""The form engine: JSON Schema + UI schema ⇄ builder model, checks, page forms,
server-side validation and display (docs/modules/applications-schema.md)."""

from .builder_model import BuilderField, BuilderForm, BuilderPage
from .checks import check_definition
from .compiler import compile_form, decompile_form
from .definition import (
    FieldDef,
    FormDefinition,
    Page,
    clean_answers,
    condition_holds,
    is_empty,
    visible_keys,
)
from .display import DisplayRow, csv_columns, csv_values, display_rows, mask_account_number
from .pageforms import PageForm, build_page_form, merge_page_answers
from .types import FIELD_TYPES, PREFILL_KEYS, FieldType, OptionSpec
from .validation import validate_answers

__all__ = [
    "FIELD_TYPES",
    "PREFILL_KEYS",
    "BuilderField",
    "BuilderForm",
    "BuilderPage",
    "DisplayRow",
    "FieldDef",
    "FieldType",
    "FormDefinition",
    "OptionSpec",
    "Page",
    "PageForm",
    "build_page_form",
    "check_definition",
    "clean_answers",
    "compile_form",
    "csv_columns",
    "csv_values",
    "condition_holds",
    "decompile_form",
    "display_rows",
    "is_empty",
    "mask_account_number",
    "merge_page_answers",
    "validate_answers",
    "visible_keys",
]

"""Downloading a resource's file (the current version, or an earlier one with ``?version=``).

CSV files can be had in the encoding the reader's software wants (``?encoding=``):

* ``utf-8`` (the default; the file as kept — generated files are UTF-8 without BOM);
* ``utf-8-sig`` — UTF-8 with a BOM, which Excel needs to open a UTF-8 CSV correctly;
* ``shift_jis`` — cp932 (Windows-31J, what Japanese Excel calls Shift_JIS).  A character
  cp932 cannot hold becomes 〓; the few Unicode characters cp932 spells differently
  (〜 − ‖ ¢ £ ¬ —) become their cp932 look-alikes first (see
  :mod:`yakuba.opendata.standard.csvfile`).

The ``Content-Type`` names the charset (``text/csv; charset=utf-8`` or
``charset=Shift_JIS``) and the file keeps its name (the standard's
``{code}_{stem}.csv`` for the standard datasets), whatever the encoding.  Another value
of ``encoding``, or one given for a file that is not CSV, is a 400.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ... import queries
from ...models import Resource, ResourceFile
from ...services.files import full_path
from ...standard.csvfile import (
    DOWNLOAD_ENCODINGS,
    UndecodableFile,
    decode_text,
    encode_text,
    sniff_charset,
)

#: Bytes read to tell a kept CSV file's charset.
SNIFF_BYTES = 64 * 1024


def _headers(response: HttpResponse, resource: Resource, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=resource.dataset.is_public, max_age=300)
    return response


@require_GET
def resource_download(request: HttpRequest, name: str, resource_id, file_name: str):
    try:
        resource = queries.get_resource_for(request.user, str(resource_id))
    except (Resource.DoesNotExist, ValueError) as error:
        raise Http404 from error
    except PermissionDenied:
        raise Http404 from None
    if resource.dataset.name != name:
        raise Http404
    number = request.GET.get("version", "")
    kept: ResourceFile | None
    if number:
        if not number.isdigit():
            raise Http404
        kept = queries.file_versions(resource).filter(number=int(number)).first()
    else:
        kept = queries.current_file(resource)
    if kept is None:
        raise Http404
    path = full_path(kept.path)
    if not path.exists():
        raise Http404
    is_csv = resource.format.upper() == "CSV"
    encoding = request.GET.get("encoding", "")
    if encoding:
        if encoding not in DOWNLOAD_ENCODINGS:
            return HttpResponseBadRequest(
                _("encoding には utf-8、utf-8-sig、shift_jis のいずれかを指定してください。"),
                content_type="text/plain; charset=utf-8",
            )
        if not is_csv:
            return HttpResponseBadRequest(
                _("文字コードを選べるのはCSVファイルだけです。"),
                content_type="text/plain; charset=utf-8",
            )
        try:
            text, _read_as = decode_text(path.read_bytes())
        except UndecodableFile:
            return HttpResponseBadRequest(
                _("このファイルは文字コードを変換できません。"),
                content_type="text/plain; charset=utf-8",
            )
        _codec, charset = DOWNLOAD_ENCODINGS[encoding]
        response = HttpResponse(
            encode_text(text, encoding), content_type=f"text/csv; charset={charset}"
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=kept.file_name
        )
        return _headers(response, resource, f'"{kept.sha256}-{encoding}"')
    content_type = kept.mimetype or "application/octet-stream"
    if is_csv:
        with path.open("rb") as head:
            charset = sniff_charset(head.read(SNIFF_BYTES))
        content_type = f"text/csv; charset={charset}" if charset else "text/csv"
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=kept.file_name, content_type=content_type
    )
    return _headers(response, resource, f'"{kept.sha256}"')

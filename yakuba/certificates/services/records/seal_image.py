"""The seal image (印影): checked by content, normalised to a small PNG.

Whatever is uploaded (a scanner's JPEG, a phone photo, a PNG) is decoded by Pillow —
the file name and the declared content type are ignored — and only PNG and JPEG
are accepted.  The stored image is a PNG of at most :data:`MAX_SIDE` pixels a side
and :data:`MAX_STORED_BYTES`; the colour count and then the size are reduced until it
fits.  Nothing of the original file (EXIF, ICC profile, comments) is kept.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 600
MIN_SIDE = 16
MAX_STORED_BYTES = 200 * 1024
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before decoding
ACCEPTED_FORMATS = ("PNG", "JPEG")


def read_upload(image: Any) -> bytes:
    """The bytes of an ``UploadedFile``, a file object or ``bytes`` (at most the limit + 1)."""
    if isinstance(image, bytes | bytearray | memoryview):
        return bytes(image)
    if hasattr(image, "seek"):
        image.seek(0)
    return image.read(MAX_UPLOAD_BYTES + 1)


def _invalid(message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError({"image": ValidationError(message, code=code, params=params)})


def _png(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def normalise_seal_image(data: bytes) -> bytes:
    """A PNG ≤ 600×600 and ≤ 200 KB of the seal in ``data``; ``ValidationError`` (key
    ``image``) for an empty, too large, unreadable or non-PNG/JPEG file."""
    if not data:
        raise _invalid(_("印影の画像ファイルを選んでください。"), "required")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _invalid(
            _("印影の画像は%(limit)sMB以下にしてください。"),
            "too_large",
            limit=MAX_UPLOAD_BYTES // (1024 * 1024),
        )
    unreadable = _invalid(
        _("印影の画像を読み取れません。PNG または JPEG の画像ファイルを選んでください。"),
        "not_an_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                if opened.format not in ACCEPTED_FORMATS:
                    raise unreadable
                if opened.width * opened.height > MAX_PIXELS:
                    raise unreadable
                opened.load()
                picture = ImageOps.exif_transpose(opened)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise unreadable from error
    if min(picture.size) < MIN_SIDE:
        raise _invalid(
            _("印影の画像が小さすぎます（%(minimum)s×%(minimum)s画素以上）。"),
            "too_small",
            minimum=MIN_SIDE,
        )
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    if picture.mode in ("1", "L"):
        picture = picture.convert("L")
    else:
        picture = picture.convert("RGBA" if has_alpha else "RGB")
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    result = _png(picture)
    if len(result) > MAX_STORED_BYTES:  # fewer colours first: seals are one or two inks
        picture = (
            picture.quantize(colors=64)
            if picture.mode != "RGBA"
            else picture.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
        )
        result = _png(picture)
    while len(result) > MAX_STORED_BYTES:
        width, height = picture.size
        picture = picture.resize((max(MIN_SIDE, width * 4 // 5), max(MIN_SIDE, height * 4 // 5)))
        result = _png(picture)
    return result

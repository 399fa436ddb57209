"""What the certificates module registers: its 個人情報ファイル, record kinds, screens,
cards and menu entries — one file per part."""

from . import issuance, kiosk, records, verification  # noqa: F401

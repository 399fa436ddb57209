"""Building registry CSV files for tests."""

from __future__ import annotations

from yakuba.residents.transfer.csv_format import EXPORT_HEADERS, UTF8_BOM

HEADERS = list(EXPORT_HEADERS)


def row(**values: str) -> dict[str, str]:
    """A valid row of a head of household; keyword arguments replace cells by header."""
    base = {
        "住民票コード": "30000000001",
        "世帯番号": "100",
        "氏": "山田",
        "名": "太郎",
        "氏（カナ）": "ヤマダ",
        "名（カナ）": "タロウ",
        "旧氏": "",
        "生年月日": "1970-03-01",
        "性別": "男",
        "続柄": "世帯主",
        "町字コード": "0004001",
        "町丁目名": "本町一丁目",
        "番地": "1番地の1",
        "方書": "",
        "住民となった年月日": "2000-04-01",
        "住所を定めた年月日": "2000-04-01",
        "従前の住所": "東京都立川市柴崎町三丁目8番地の2",
        "本籍": "",
        "筆頭者": "",
        "状態": "住民",
        "消除日": "",
        "消除事由": "",
        "転出先": "",
    }
    for key, value in values.items():
        base[key.replace("(", "（").replace(")", "）")] = value
    return base


def csv_text(rows, headers=None) -> str:
    headers = list(headers or HEADERS)
    lines = [",".join(headers)]
    for item in rows:
        lines.append(",".join(_quote(item.get(header, "")) for header in headers))
    return "\r\n".join(lines) + "\r\n"


def _quote(value: str) -> str:
    if any(char in value for char in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_bytes(rows, headers=None, encoding: str = "utf-8-sig") -> bytes:
    text = csv_text(rows, headers)
    if encoding == "utf-8-sig":
        return UTF8_BOM + text.encode("utf-8")
    return text.encode(encoding)


def family(number: str = "100", first_code: int = 30000000001, **address: str) -> list[dict]:
    """山田 太郎 (head), 花子 (wife), 一郎 (child) in one household."""
    return [
        row(**{"住民票コード": f"{first_code:011d}", "世帯番号": number, **address}),
        row(
            **{
                "住民票コード": f"{first_code + 1:011d}",
                "世帯番号": number,
                "名": "花子",
                "名（カナ）": "ハナコ",
                "生年月日": "1972-05-05",
                "性別": "女",
                "続柄": "妻",
                **address,
            }
        ),
        row(
            **{
                "住民票コード": f"{first_code + 2:011d}",
                "世帯番号": number,
                "名": "一郎",
                "名（カナ）": "イチロウ",
                "生年月日": "2005-06-10",
                "続柄": "子",
                "住民となった年月日": "2005-06-10",
                "住所を定めた年月日": "2005-06-10",
                "従前の住所": "",
                **address,
            }
        ),
    ]

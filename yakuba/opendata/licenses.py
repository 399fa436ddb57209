"""The licences a dataset may carry: the ids CKAN and the national aggregators use.

``license_list`` in the Action API returns these entries in CKAN's shape; DCAT links the
``url``.  CC BY 4.0 is the default (the 政府標準利用規約（第2.0版） is compatible with it and
the Digital Agency recommends it for local government open data).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class License:
    id: str
    title: str
    title_en: str
    url: str
    #: Open Definition conformance as CKAN reports it ("approved" or "not reviewed").
    od_conformance: str = "approved"
    osd_conformance: str = "not reviewed"

    @property
    def is_open(self) -> bool:
        return self.od_conformance == "approved"


DEFAULT_LICENSE_ID = "cc-by-4.0"

LICENSES: tuple[License, ...] = (
    License(
        "cc-by-4.0",
        "クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)",
        "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    License(
        "cc-by-sa-4.0",
        "クリエイティブ・コモンズ 表示-継承 4.0 国際 (CC BY-SA 4.0)",
        "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    License(
        "cc-zero",
        "CC0 1.0 全世界 パブリック・ドメイン提供",
        "Creative Commons CC0 1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    License(
        "gov-std-2.0",
        "政府標準利用規約（第2.0版）",
        "Public Data License for the Government of Japan, version 2.0",
        "https://www.digital.go.jp/resources/open_data/",
        od_conformance="not reviewed",
    ),
    License(
        "pdl-1.0",
        "公共データ利用規約（第1.0版） (PDL1.0)",
        "Public Data License (Version 1.0)",
        "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
        od_conformance="not reviewed",
    ),
    License(
        "odc-odbl",
        "Open Data Commons Open Database License (ODbL)",
        "Open Data Commons Open Database License (ODbL)",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    License(
        "other-closed",
        "その他（非オープン）",
        "Other (Not Open)",
        "",
        od_conformance="not reviewed",
    ),
)

LICENSE_BY_ID = {license.id: license for license in LICENSES}

LICENSE_CHOICES = [(license.id, license.title) for license in LICENSES]


def get_license(license_id: str) -> License | None:
    return LICENSE_BY_ID.get(license_id)

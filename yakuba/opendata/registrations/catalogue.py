"""What the catalogue pages register: the 「オープンデータ」 entry of the citizens' service
catalogue (the home page) and the staff menu entry of the catalogue editing pages.

The staff entry is for every staff member with a department role (the pages' own rule,
``policies.may_use_staff_pages``): which publishers one may edit depends on the
publishers' departments, which the catalogue's administrators set at run time.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import MenuEntry, ServiceEntry, service_catalogue, staff_menu

service_catalogue.register(
    ServiceEntry(
        key="opendata.catalogue",
        title=_("オープンデータ"),
        description=_(
            "市が公開している施設・避難場所・人口などのデータを、CSVなどの形式で自由に"
            "ダウンロードして使えます。"
        ),
        url_name="portal:opendata:dataset_list",
        category=_("市政情報"),
        order=60,
    )
)
staff_menu.register(
    MenuEntry(
        key="opendata.catalogue",
        title=_("オープンデータ"),
        url_name="console:opendata:dataset_list",
        order=600,
    )
)

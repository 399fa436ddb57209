"""What the citizen catalogue part registers: the 「電子申請」 entry of the citizens'
service catalogue (the home page), pointing to /apply/."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import ServiceEntry, service_catalogue

service_catalogue.register(
    ServiceEntry(
        key="applications.catalogue",
        title=_("電子申請"),
        description=_(
            "住民票の写しの請求、各種の届出や申込みを、24時間いつでもオンラインで申請できます。"
        ),
        url_name="portal:applications:procedure_list",
        category=_("手続き"),
        order=10,
    )
)

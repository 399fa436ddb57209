"""The three languages an alert is written in and a subscriber may choose."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    JA = "ja", _("日本語")
    EN = "en", _("English")
    EASY = "easy", _("やさしい日本語")


#: CAP ``<info><language>`` / Atom ``xml:lang`` per language (RFC 5646; やさしい日本語 is a
#: private-use subtag, there being no registered one).
LANGUAGE_TAGS: dict[str, str] = {"ja": "ja-JP", "en": "en-US", "easy": "ja-JP-x-easy"}

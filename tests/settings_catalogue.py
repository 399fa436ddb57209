"""Test settings whose only change is where makemessages writes (a temporary directory)."""

import os
from pathlib import Path

from config.settings.test import *  # noqa: F403

LOCALE_PATHS = [Path(os.environ["YAKUBA_CATALOGUE_DIR"])]

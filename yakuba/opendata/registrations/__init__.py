"""What the open data module registers (one file per part).

No 個人情報ファイル: the catalogue holds no personal data about residents.  Its files are
aggregated (population by area and age, small cells suppressed) or about places; the
contact on a dataset is a department's desk, and API tokens belong to staff accounts,
which the identity module's register covers.
"""

from . import catalogue, standard, tokens  # noqa: F401

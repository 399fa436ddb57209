#!/usr/bin/env bash
# Create .venv with Python >= 3.12 and install yakuba with its dev extra.
#
# The venv is (re)created only when it is missing or its interpreter is older
# than 3.12.  Packages are (re)installed only when pyproject.toml changed since
# the last successful install: the stamp file .venv/.installed-<sha256 prefix>.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
if ! "$VENV/bin/python" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then
    interpreter=$(tools/find-python.sh)
    echo "install: creating $VENV with $interpreter ($("$interpreter" -V 2>&1))"
    rm -rf "$VENV"
    "$interpreter" -m venv "$VENV"
fi

stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ -f "$stamp" ]; then
    echo "install: $VENV is up to date with pyproject.toml"
    exit 0
fi

echo "install: pip install -e '.[dev]' into $VENV ($("$VENV/bin/python" -V))"
# The machine's extra local index configuration makes pip print a harmless
# "WARNING: Location '...' is ignored" line per package; drop those.
"$VENV/bin/python" -m pip install --disable-pip-version-check -q -e ".[dev]" 2>&1 \
    | { grep -v "^WARNING: Location" || true; }
rm -f "$VENV"/.installed-*
touch "$stamp"
echo "install: done"

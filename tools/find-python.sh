#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or explain why there is none.
#
# Django 6.x needs Python 3.12 or newer; Debian 12's python3 is 3.11.  Order:
#   1. $PYTHON, if set (must itself be >= 3.12);
#   2. python3.12 / python3.13 on PATH that actually run (a pyenv *shim* on PATH
#      exits with "pyenv: python3.12: command not found" when another version is
#      selected, so every candidate is run, not merely found);
#   3. pyenv: the latest installed 3.12 (else 3.13), by `pyenv which` and by path;
#   4. a plain python3 that happens to be new enough.
# Exit status 1 with a message on stderr when nothing fits.
set -uo pipefail

is_new_enough() {
    [ -n "$1" ] && "$1" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1
}

resolve() {
    # Print the real interpreter behind a command (follows shims and symlinks).
    "$1" -c 'import sys; print(sys.executable)' 2>/dev/null
}

if [ -n "${PYTHON:-}" ]; then
    if is_new_enough "$PYTHON"; then
        resolve "$PYTHON"
        exit 0
    fi
    echo "find-python: PYTHON=$PYTHON is not a working Python >= 3.12" >&2
    exit 1
fi

for name in python3.12 python3.13; do
    candidate=$(command -v "$name" 2>/dev/null || true)
    if is_new_enough "$candidate"; then
        resolve "$candidate"
        exit 0
    fi
done

pyenv=$(command -v pyenv 2>/dev/null || true)
if [ -z "$pyenv" ] && [ -x "${PYENV_ROOT:-$HOME/.pyenv}/bin/pyenv" ]; then
    pyenv="${PYENV_ROOT:-$HOME/.pyenv}/bin/pyenv"   # installed but not on PATH
fi
if [ -n "$pyenv" ]; then
    for series in 3.12 3.13; do
        version=$("$pyenv" latest "$series" 2>/dev/null || true)
        [ -n "$version" ] || continue
        candidate=$(PYENV_VERSION="$version" "$pyenv" which python3 2>/dev/null || true)
        if ! is_new_enough "$candidate"; then
            candidate="$("$pyenv" root)/versions/$version/bin/python3"
        fi
        if is_new_enough "$candidate"; then
            echo "$candidate"
            exit 0
        fi
    done
fi

candidate=$(command -v python3 2>/dev/null || true)
if is_new_enough "$candidate"; then
    resolve "$candidate"
    exit 0
fi

cat >&2 <<'EOF'
find-python: no Python 3.12 or newer found.
  Django 6.x needs Python >= 3.12 (this machine's python3 is older).
  Fix one of:
    - install python3.12 or python3.13 and put it on PATH;
    - with pyenv: `pyenv install 3.12` (the Makefile then finds it);
    - or point at an interpreter: `make PYTHON=/path/to/python3.12 ...`.
EOF
exit 1

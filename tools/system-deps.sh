#!/usr/bin/env bash
# Install the Debian packages yakuba's tests, demo and benchmark need.
#
# Skips apt entirely (no network, about 0.1 s) when every package is already
# installed, so repeated `make test` runs stay fast and work offline.
#   tools/system-deps.sh [package ...]    (default: the full list below)
set -euo pipefail

PACKAGES=(
    chromium                # browser tests (Playwright drives /usr/bin/chromium)
    fonts-noto-cjk          # Japanese glyphs in Chromium and PDFs
    fonts-ipaexfont         # TrueType Japanese fonts (ReportLab cannot embed Noto CJK)
    gettext                 # compilemessages
    postgresql              # the test database server (a throwaway cluster when none runs)
    postgresql-15-postgis-3 # PostGIS for the GIS module
    redis-server            # the scale-out task broker
    wrk                     # load generator for bench/
    poppler-utils           # pdftotext/pdffonts in PDF tests
    libmagic1               # python-magic: attachments of online applications checked by content
    libpango-1.0-0 libpangoft2-1.0-0  # WeasyPrint: printable PDF of an online application
)
if [ "$#" -gt 0 ]; then
    PACKAGES=("$@")
fi
# npm ships with NodeSource's nodejs on the project image; fall back to Debian's.
if ! command -v npm >/dev/null 2>&1; then
    PACKAGES+=(nodejs npm)
fi

missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "system-deps: all ${#PACKAGES[@]} Debian packages already installed"
    exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "system-deps: missing packages: ${missing[*]}" >&2
        echo "system-deps: run as root, or install them: apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
echo "system-deps: done"

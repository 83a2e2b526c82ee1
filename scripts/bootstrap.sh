#!/usr/bin/env bash
# Idempotent set-up for iki-ingest on Debian/Ubuntu:
#   1. apt-installs the system packages (tesseract + Indonesian/English models,
#      poppler, hunspell Indonesian dictionary + tools, fonts for sample PDFs);
#   2. creates .venv and installs the project with its dev extras.
# Runs apt-get directly as root, through sudo otherwise. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng tesseract-ocr-osd
  poppler-utils
  hunspell-id hunspell-tools
  fonts-dejavu-core fonts-liberation
  python3-venv
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "bootstrap: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"bootstrap: Python >= 3.11 needed, found {sys.version.split()[0]}")
PY

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.iki-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  touch "$stamp"
fi
echo "bootstrap: ok ($(.venv/bin/python --version), $(tesseract --version 2>&1 | head -1))"

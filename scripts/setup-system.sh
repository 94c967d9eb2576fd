#!/usr/bin/env bash
# Installs the system programs declass uses, from Debian's packages, when missing:
# tesseract (OCR), chromium (browser tests), poppler-utils (pdftoppm), PostgreSQL 15.
# Safe to run again: it installs only what is absent. Needs root (or sudo) the first time.
set -euo pipefail

need=()
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-eng)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing system packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

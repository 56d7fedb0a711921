#!/usr/bin/env bash
# Install the system tools nexus uses (Tesseract OCR with eng/fra/spa, qpdf, poppler-utils, and Chromium +
# chromedriver for the browser tests of `nexus serve`).
# Idempotent: checks what is present first, so repeated runs are fast and need no network.
set -euo pipefail

PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-spa qpdf poppler-utils chromium chromium-driver)

log() { printf 'install_system_deps: %s\n' "$*" >&2; }

is_installed() {
    # dpkg -s succeeds only for an installed package ("Status: install ok installed").
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in "${PACKAGES[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
else
    # Not a Debian-like system: judge by the commands alone and say what is missing.
    command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
    command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    if ((${#missing[@]})); then
        log "no dpkg/apt-get here; install these yourself: ${missing[*]}"
        exit 1
    fi
fi

if ((${#missing[@]} == 0)); then
    log "all present (${PACKAGES[*]})"
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    log "need root or sudo to install: ${missing[*]}"
    exit 1
fi

log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
log "installed: ${missing[*]}"

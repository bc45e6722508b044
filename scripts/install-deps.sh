#!/usr/bin/env bash
# Installs the Debian 12 packages Promptsmith builds and tests with.
# Quick when everything is already there: apt is only called for what is missing.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev libqscintilla2-qt6-dev
    libcurl4-openssl-dev libssl-dev nlohmann-json3-dev libsimdjson-dev libsqlite3-dev sqlite3
    libdtl-dev libcli11-dev libpcre2-dev libbenchmark-dev libcpp-httplib-dev libvalijson-dev
    libyaml-cpp-dev libgit2-dev
    # An HTTP/2 server for test_http_client (nghttpd)
    nghttp2-server
    libgl-dev desktop-file-utils appstream
    qtkeychain-qt6-dev libsecret-1-dev
    # A Secret Service for the keychain test (test_keychain_keys, under dbus-run-session).
    gnome-keyring libsecret-tools dbus-daemon
)
if [ "${PS_WITH_FUZZ_TOOLS:-0}" = 1 ]; then
    packages+=(clang) # libFuzzer ships with it
fi
if [ "${PS_WITH_BROWSER:-0}" = 1 ]; then
    packages+=(chromium nodejs) # the rater page is driven in headless Chromium (test_cli_rate)
fi
if [ "${PS_WITH_GUI_TOOLS:-0}" = 1 ]; then
    packages+=(xvfb imagemagick)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/bin/sh
# Runs a test under a private D-Bus session with a fresh GNOME Keyring, unlocked, in a temporary
# home (PS_SECRET_SERVICE=1 tells the test one answers), and fails it when the canary key it types
# into the window (PS_TEST_CANARY) shows up in anything it printed. Without dbus-run-session or
# gnome-keyring-daemon the test runs alone and skips its keychain cases, saying so.
set -u
canary="ps-canary-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export PS_TEST_CANARY="$canary"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1
then
    dbus-run-session -- sh -c '
        home=$(mktemp -d)
        export HOME="$home" XDG_DATA_HOME="$home/share"
        if echo keyring-of-the-test | gnome-keyring-daemon --unlock --components=secrets \
            >/dev/null 2>&1; then
            export PS_SECRET_SERVICE=1
        fi
        "$@"
        status=$?
        rm -rf "$home"
        exit $status' sh "$@" >"$out" 2>&1
    status=$?
else
    echo "no dbus-run-session or gnome-keyring-daemon here: no Secret Service to test with" >"$out"
    "$@" >>"$out" 2>&1
    status=$?
fi
# dbus-daemon's own notes (fd limits, activations) are not the test's.
grep -v '^dbus-daemon\[' "$out"
if grep -qF "$canary" "$out"; then
    echo "FAIL: the key typed into the window appeared in the test's output"
    exit 1
fi
exit $status

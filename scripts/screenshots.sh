#!/usr/bin/env bash
# Takes the README's screenshots of the window on the demo project under Xvfb, into docs/.
# Needs the test build (scripts/test.sh builds ps_docs_shots) and xvfb-run (Debian: xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
shots=build/test/tests/widgets/ps_docs_shots
command -v xvfb-run >/dev/null || sudo_apt=1
if [ -n "${sudo_apt:-}" ]; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y xvfb; else sudo apt-get install -y xvfb; fi
fi
cmake --build build/test --target ps_docs_shots
shoot() { xvfb-run -a -s "-screen 0 1920x1080x24" "$shots" "$@"; }
shoot docs/parameters-tab.png --size 1280x800 --tab Parameters --schema
shoot docs/parameters-tab-dark.png --size 1280x800 --tab Parameters --schema --dark
shoot docs/examples-tab.png --size 1280x800 --tab Examples
shoot docs/history-diff.png --size 1280x800 --tab History --diff
shoot docs/compare-versions.png --size 1280x800 --panes 2 --versions
shoot docs/providers-dialog.png --providers
shoot docs/connect-a-model.png --size 1280x800 --panes 2
shoot docs/presenter.png --size 1280x800 --present
shoot docs/copy-as-code.png --code
shoot docs/follow-up-turns.png --size 1280x800 --panes 2 --turns
shoot docs/token-confidence.png --size 1280x800 --panes 2 --confidence
shoot docs/tool-calls.png --size 1280x800 --panes 2 --tools
shoot docs/evaluate-tab.png --size 1280x800 --evaluate
shoot docs/evaluate-tab-dark.png --size 1920x1080 --evaluate --dark
shoot docs/evaluate-charts.png --size 1280x800 --evaluate --charts
shoot docs/dataset-tab.png --size 1280x800 --dataset
shoot docs/evaluate-running.png --size 1280x800 --evaluate --running

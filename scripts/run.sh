#!/usr/bin/env bash
# Builds Promptsmith and starts the window; on first start it opens the demo project.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DPS_BUILD_TESTS=OFF
cmake --build build/release -j "$(nproc)"
exec build/release/app/gui/promptsmith "$@"

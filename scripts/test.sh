#!/usr/bin/env bash
# Builds Promptsmith and runs the whole test suite.
# With CI=true it also turns warnings into errors and builds the core alone
# (PS_BUILD_GUI=OFF) under ASan+UBSan and runs its tests, proving the layering.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

jobs=$(nproc)
werror=OFF
[ "${CI:-}" = true ] && werror=ON

cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPS_BUILD_TESTS=ON -DPS_BUILD_GUI=ON -DPS_WARNINGS_AS_ERRORS=$werror
cmake --build build/test -j "$jobs"
ctest --test-dir build/test --output-on-failure -j "$jobs"

if [ "${CI:-}" = true ]; then
    echo "== core alone (PS_BUILD_GUI=OFF) under ASan+UBSan =="
    cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        -DPS_BUILD_TESTS=ON -DPS_BUILD_GUI=OFF -DPS_SANITIZE=ON -DPS_WARNINGS_AS_ERRORS=ON
    cmake --build build/sanitize -j "$jobs"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build/sanitize --output-on-failure -j "$jobs"
fi

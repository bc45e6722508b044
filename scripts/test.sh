#!/usr/bin/env bash
# Builds Promptsmith and runs the whole test suite.
# With CI=true it also turns warnings into errors and builds the core alone
# (PS_BUILD_GUI=OFF) with clang under ASan+UBSan, proving the layering; the core's and the CLI's
# suites run there, and the first build runs the window's. The same build holds the libFuzzer
# harnesses, and before the suites each runs for 10 s (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
# Each step says how far into the run it starts: where CI's time goes.
step() { echo "== $* ($(( $(date +%s) - started )) s in) =="; }

# In CI the rater page's test drives Debian's Chromium; elsewhere it runs where one is installed.
if [ "${CI:-}" = true ]; then
    PS_WITH_BROWSER=1 PS_WITH_FUZZ_TOOLS=1 scripts/install-deps.sh
else
    scripts/install-deps.sh
fi

jobs=$(nproc)
werror=OFF
coretests=ON
pch=${PS_PRECOMPILE_HEADERS:-OFF}
if [ "${CI:-}" = true ]; then
    werror=ON
    # A clean build: nlohmann/json's and Qt's headers are parsed once per target, not per file
    # (cmake/PromptsmithPch.cmake), in each of the three builds.
    pch=ON
    # The core's and the CLI's suites are built and run by the sanitizer build below; building
    # them twice would take half of CI's time. Here the window's suites run.
    coretests=OFF
fi

# The benchmarks are built too (not run), so that a change cannot leave them broken unseen.
# -O1 with line tables only: the tests run as fast, and the suite builds in about 60% of the
# time -O2 with full debug information takes (measured: 5.7 s against 9.4 s for a core file).
step "build with the window's suites"
cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
    -DPS_BUILD_TESTS=ON -DPS_BUILD_CORE_TESTS=$coretests -DPS_BUILD_GUI=ON \
    -DPS_BUILD_BENCHMARKS=ON -DPS_WARNINGS_AS_ERRORS=$werror -DPS_PRECOMPILE_HEADERS=$pch
cmake --build build/test -j "$jobs"
step "the window's suites"
ctest --test-dir build/test --output-on-failure -j "$jobs"

if [ "${CI:-}" = true ]; then
    step "core alone (PS_BUILD_GUI=OFF) under ASan+UBSan, with the fuzzers"
    # Line tables (-g1) are all a sanitizer report needs to name files and lines. clang, whose
    # libFuzzer the harnesses need, builds this in about 60% of GCC's time (a core file with
    # ASan: 3.8 s against 6.7 s), and the harnesses built here spare a third build of the core.
    cmake -S . -B build/sanitize -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS_DEBUG="-g1" -DPS_BUILD_TESTS=ON -DPS_BUILD_GUI=OFF -DPS_SANITIZE=ON \
        -DPS_BUILD_FUZZERS=ON -DPS_WARNINGS_AS_ERRORS=ON -DPS_PRECOMPILE_HEADERS=$pch
    cmake --build build/sanitize -j "$jobs"
    # Fuzzing first, so that the suite's own summary stays the last line of the run.
    # 10 s each: CI's whole run must stay well under 45 minutes on two cores.
    step "fuzzing: every harness for 10 s (scripts/fuzz.sh)"
    PS_FUZZ_BUILD_DIR=build/sanitize scripts/fuzz.sh 10
    step "the core's and the command line's suites under the sanitizers"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build/sanitize --output-on-failure -j "$jobs"
fi

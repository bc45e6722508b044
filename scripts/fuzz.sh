#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/) with clang under ASan and UBSan and runs each for
# SECONDS (default 60; CI gives each 15), seeded with the recorded streams and fixtures in
# tests/data. A crash stops the script with a non-zero exit and leaves the input that caused it
# in build/fuzz/crashes/ (or the build named below); every crash found becomes a regression test.
#   scripts/fuzz.sh [SECONDS] [HARNESS...]
# PS_FUZZ_BUILD_DIR names a build configured already with clang and PS_BUILD_FUZZERS=ON (CI's
# sanitizer build, which builds the harnesses beside the suites): it is used instead of
# build/fuzz, so that the core is not compiled a third time.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
PS_WITH_FUZZ_TOOLS=1 scripts/install-deps.sh

all=(sse_decoder ndjson_decoder stream_parsers mustache datasets json_depth prompt_files)
harnesses=("${@:-${all[@]}}")

build=${PS_FUZZ_BUILD_DIR:-build/fuzz}
if [ -z "${PS_FUZZ_BUILD_DIR:-}" ]; then
    cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DPS_BUILD_GUI=OFF -DPS_BUILD_TESTS=OFF \
        -DPS_BUILD_FUZZERS=ON -DPS_PRECOMPILE_HEADERS=${PS_PRECOMPILE_HEADERS:-OFF} > build/fuzz-configure.log
fi
cmake --build "$build" -j "$(nproc)" --target "${harnesses[@]/#/fuzz_}"

seeds() {
    case "$1" in
        sse_decoder|stream_parsers) echo tests/data/streams ;;
        ndjson_decoder) echo tests/data/streams ;;
        mustache) echo tests/data/mustache-spec ;;
        datasets) echo fuzz/seeds/datasets ;;
        json_depth) echo tests/data/render ;;
        prompt_files) echo fuzz/seeds/prompt_files ;;
    esac
}

mkdir -p "$build/crashes"
for harness in "${harnesses[@]}"; do
    corpus=$build/corpus/$harness
    mkdir -p "$corpus"
    seed=$(seeds "$harness")
    # Seeds are read from every file under the folder; libFuzzer wants files in one level.
    if [ -d "$seed" ]; then
        find "$seed" -type f -size -256k -exec cp -n {} "$corpus"/ \; 2>/dev/null || true
    fi
    echo "== fuzz_$harness for ${seconds} s =="
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$build/fuzz/fuzz_$harness" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/crashes/" \
        "$corpus" 2>"$build/$harness.log" || {
        tail -40 "$build/$harness.log"
        echo "fuzz_$harness found a crash: the input is in $build/crashes/" >&2
        exit 1
    }
    grep -E "stat::number_of_executed_units|cov:" "$build/$harness.log" | tail -2
done
echo "fuzzing: ${#harnesses[@]} harnesses, ${seconds} s each, no crash"

#!/bin/sh
# Token counting speed: 100,000 tokens of the project's own text (README, sources) counted by
# Promptsmith's tokenizer and, side by side in the same run, by gpt-tokenizer under Node when npm
# can install it. Goal: a 100,000-token document counted in well under 100 ms.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-bench"
jobs=${PS_JOBS:-2}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DPS_BUILD_BENCHMARKS=ON -DPS_BUILD_TESTS=OFF -DPS_BUILD_GUI=OFF >/dev/null
cmake --build "$build" -j"$jobs" --target bench_tokens promptsmith-cli

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# Prose, tables and code, repeated past 100,000 tokens; bench_tokens cuts it to exactly that.
for round in 1 2 3; do
    cat "$root/README.md" "$root"/core/*/*.cpp "$root"/resources/tokenizers/NOTICE.md
done >"$work/source.txt"

"$build/benchmarks/bench_tokens" "$work/source.txt" >"$work/ours.tsv"
document="$work/source.txt.100k"

reference="$work/theirs.tsv"
: >"$reference"
npm_dir="$build/npm-tools/gpt-tokenizer"
if command -v node >/dev/null && command -v npm >/dev/null; then
    if [ ! -d "$npm_dir/node_modules/gpt-tokenizer" ]; then
        mkdir -p "$npm_dir"
        (cd "$npm_dir" && npm install --no-audit --no-fund --silent gpt-tokenizer@4.0.0 >/dev/null 2>&1) || true
    fi
    if [ -d "$npm_dir/node_modules/gpt-tokenizer" ]; then
        node "$root/tests/exchange/count_gpt_tokenizer.mjs" "$npm_dir" "$document" >"$reference"
    fi
fi

# The whole command once, cold: a process start, reading the rank file, counting.
cold=$( { /usr/bin/time -f "%e %M" "$build/app/cli/promptsmith-cli" tokens --file "$document" >/dev/null; } 2>&1 )

python3 - "$work/ours.tsv" "$reference" "$cold" <<'PY'
import sys

def rows(path):
    table = {}
    for line in open(path):
        name, tokens, best, first = line.split("\t")
        table[name] = (int(tokens), float(best), float(first))
    return table

ours, theirs = rows(sys.argv[1]), rows(sys.argv[2])
print()
print(f"{'encoding':<13}{'tokens':>9}{'Promptsmith':>13}{'gpt-tokenizer':>15}{'ratio':>8}")
for name, (tokens, best, _) in ours.items():
    other = theirs.get(name)
    shown = f"{other[1]:.1f} ms" if other else "not run"
    ratio = f"{other[1] / best:.1f}x" if other else ""
    mark = "" if best < 100 else "  over 100 ms"
    same = "" if not other or other[0] == tokens else f"  (counts differ: {other[0]})"
    print(f"{name:<13}{tokens:>9,}{best:>10.1f} ms{shown:>15}{ratio:>8}{mark}{same}")
load = ours["cl100k_base"][2]
print(f"\nReading cl100k_base's rank file: {load:.0f} ms (once a process, off the window's thread).")
seconds, kilobytes = sys.argv[3].split()
print(f"promptsmith-cli tokens --file (100,000 tokens, cold process): {float(seconds) * 1000:.0f} ms, "
      f"{int(kilobytes) / 1024:.0f} MB peak")
if not theirs:
    print("gpt-tokenizer was not run: Node or npm is missing, or npm could not install it.")
PY

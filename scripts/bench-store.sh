#!/bin/sh
# Builds the benchmarks (Release) in build-bench, runs them, and prints each timing at
# 1,000 and 100,000 versions with the ratio. Goal: 100k within 1.5x of 1k.
# The fixtures are built on the first run (a few minutes) and cached; PS_BENCH_DIR moves them.
# Extra arguments go to the benchmark binary, e.g. --benchmark_filter=resolve.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-bench"
jobs=${PS_JOBS:-2}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DPS_BUILD_BENCHMARKS=ON -DPS_BUILD_TESTS=OFF -DPS_BUILD_GUI=OFF >/dev/null
cmake --build "$build" -j"$jobs" --target bench_store

out="$build/bench-store.json"
"$build/benchmarks/bench_store" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="$out" --benchmark_out_format=json "$@"

python3 - "$out" <<'PY'
import json, sys

# Medians of the repetitions; CPU time is steadier than wall time on a shared machine.
data = json.load(open(sys.argv[1]))
times = {}  # name -> {size: (real, cpu, unit)}
for run in data["benchmarks"]:
    if run.get("aggregate_name", "median") != "median" or run.get("error_occurred"):
        continue
    # "saveVersion/1000/iterations:300" -> ("saveVersion", "1000")
    parts = run["run_name"].split("/")
    name = parts[0]
    size = parts[1] if len(parts) > 1 and parts[1].isdigit() else "-"
    times.setdefault(name, {})[size or "-"] = (run["real_time"], run["cpu_time"], run["time_unit"])

def show(value):
    return f"{value[0]:,.1f} {value[2]}"

print()
print(f"{'benchmark':<25}{'1k versions':>14}{'100k versions':>15}{'ratio':>8}{'cpu ratio':>11}")
worst = 0.0
for name, sizes in times.items():
    small, big = sizes.get("1000"), sizes.get("100000")
    if small and big:
        ratio = big[0] / small[0]
        cpu = big[1] / small[1]
        worst = max(worst, ratio)
        mark = "" if ratio <= 1.5 else "  over 1.5x"
        print(f"{name:<25}{show(small):>14}{show(big):>15}{ratio:>7.2f}x{cpu:>10.2f}x{mark}")
    else:
        print(f"{name:<25}{show(next(iter(sizes.values()))):>14}")
print(f"\nworst wall-time ratio {worst:.2f}x (goal: within 1.5x)")
PY

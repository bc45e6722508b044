#!/bin/sh
# Builds the window and the GUI benchmarks (Release) in build-bench-gui, then prints:
#  (a) the time from launch to the first painted window of promptsmith against a bare Qt Widgets
#      window, median of several launches each (goal: within 2x), and the time until the demo
#      project is shown in it, ready to run;
#  (b) three times each, Markdown and raw: the GUI thread's longest stall while six panes stream
#      2,000 tokens each at 200 tokens/s from the fake provider (goal: under 16 ms), and apart
#      from it the longest while Run all starts the six calls;
#  (c) three times: a 100,000-case dataset opened, scrolled, sorted and filtered in the Dataset
#      tab, and a 2,000-cell evaluation streaming into the Evaluate tab's matrix (bench_eval_views).
# Runs under xvfb-run when there is no display. PS_JOBS sets the build parallelism (default 2);
# PS_BENCH_BUILD another build dir; PS_BENCH_NO_BUILD=1 runs what is already built there;
# PS_BENCH_APP another promptsmith binary; PS_BENCH_ONLY_STARTUP=1 measures (a) only.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${PS_BENCH_BUILD:-"$root/build-bench-gui"}
jobs=${PS_JOBS:-2}
runs=${PS_BENCH_RUNS:-7}

# The build's packages and Xvfb (for a machine without a display).
[ -n "${PS_BENCH_UNDER_XVFB:-}" ] || PS_WITH_GUI_TOOLS=1 "$root/scripts/install-deps.sh"

if [ -z "${DISPLAY:-}" ] && [ -z "${PS_BENCH_UNDER_XVFB:-}" ] && command -v xvfb-run >/dev/null; then
    PS_BENCH_UNDER_XVFB=1 exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$@"
fi

if [ -z "${PS_BENCH_NO_BUILD:-}" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPS_BUILD_GUI=ON \
        -DPS_BUILD_TESTS=ON -DPS_BUILD_BENCHMARKS=ON >/dev/null
    cmake --build "$build" -j"$jobs" --target promptsmith bench_gui_bare bench_gui_stall \
        bench_eval_views promptsmith-fakeprovider
fi

# A private home, so the demo project is created there (on a warm-up launch), not in yours.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT INT TERM

python3 - "$build" "$home" "$runs" <<'PY'
import os, statistics, subprocess, sys, time

build, home, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
env = dict(os.environ, PS_BENCH_EXIT_AFTER_PAINT="1", HOME=home,
           XDG_DATA_HOME=os.path.join(home, "data"), XDG_CONFIG_HOME=os.path.join(home, "config"),
           XDG_CACHE_HOME=os.path.join(home, "cache"))

def launch(program, ready=False):
    """Milliseconds from starting the process to its first painted window, and (ready=True) to
    the project shown in it, ready to edit and run."""
    start = time.time_ns()
    try:
        out = subprocess.run([program], env=dict(env, PS_BENCH_EXIT_AFTER_PAINT="ready" if ready
                                                 else "1"),
                             capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return None
    found = {}
    for line in out.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key in ("first-paint-epoch-us", "ready-epoch-us"):
            found[key] = (int(value) * 1000 - start) / 1e6
    if "first-paint-epoch-us" not in found:
        return None  # the program does not call ps::app::installStartupProbe
    return (found["first-paint-epoch-us"], found.get("ready-epoch-us")) if ready \
        else found["first-paint-epoch-us"]


programs = {"bare Qt window": os.path.join(build, "benchmarks", "bench_gui_bare"),
            "promptsmith": os.environ.get("PS_BENCH_APP",
                                          os.path.join(build, "app", "gui", "promptsmith"))}
for name, program in list(programs.items()):
    # Warm-up: caches, and the demo project on first start.
    if launch(program) is None:
        print(f"{name} reported no first paint: its main() must call ps::app::installStartupProbe")
        del programs[name]
times = {name: [] for name in programs}
ready_times = []
for _ in range(runs):
    for name, program in programs.items():
        if name == "promptsmith":
            first, ready = launch(program, ready=True)
            times[name].append(first)
            if ready is not None:
                ready_times.append(ready)
        else:
            times[name].append(launch(program))
medians = {name: statistics.median(values) for name, values in times.items()}
print(f"\n(a) launch to first painted window, median of {runs}:")
for name, values in times.items():
    print(f"    {name:<16}{medians[name]:8.1f} ms   (min {min(values):.1f}, max {max(values):.1f})")
if len(medians) == 2:
    ratio = medians["promptsmith"] / medians["bare Qt window"]
    print(f"    ratio {ratio:.2f}x (goal: within 2x)")
if ready_times:
    print(f"    promptsmith, the demo project shown and ready to run: median "
          f"{statistics.median(ready_times):.1f} ms (min {min(ready_times):.1f}, "
          f"max {max(ready_times):.1f})")
PY

echo
echo "(b) six panes streaming 2,000 tokens each at 200 tokens/s, then raw, then with a 2,000-cell"
echo "    evaluation in the same process (goal: longest stall under 16 ms):"
# The fake provider stands for a remote server: its own process at the lowest priority, so it
# does not take this machine's CPU from the window as a real provider never would.
. "$root/scripts/bench-fake.sh"
fakepid=
trap '[ -n "$fakepid" ] && kill $fakepid 2>/dev/null; rm -rf "$home"' EXIT INT TERM
start_fake_provider "$home/fake.out" \
    nice -n 19 "$build/tests/fakeprovider/promptsmith-fakeprovider" --fault drip:5
for mode in "" --raw "--eval 1000"; do
    for run in 1 2 3; do
        # shellcheck disable=SC2086 # $mode is zero or more words
        "$build/benchmarks/bench_gui_stall" $mode --provider "http://127.0.0.1:$port/v1" 2>/dev/null \
            | sed "s/^/    [$run] /"
    done
done

echo
echo "(c) the Dataset and Evaluate tabs at scale (goals: 100,000 cases open in 1 s; no GUI event over 16 ms):"
for run in 1 2 3; do
    "$build/benchmarks/bench_eval_views" 2>/dev/null | sed "s/^/    [$run] /"
done

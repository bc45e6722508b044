# Shared by the throughput benchmarks (bench-dispatch.sh, bench-eval.sh): builds the Release CLI
# and fake provider, starts the fake provider, and reads /usr/bin/time -v's figures.
# Expects $root; sets $build, $cli, $fake, $work, $port.

build=${PS_BENCH_DISPATCH_BUILD:-"$root/build-bench-dispatch"}
jobs=${PS_JOBS:-2}

if [ "${PS_BENCH_SKIP_BUILD:-0}" != 1 ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DPS_BUILD_TESTS=ON -DPS_BUILD_BENCHMARKS=OFF -DPS_BUILD_GUI=OFF >/dev/null
    cmake --build "$build" -j"$jobs" --target promptsmith-cli promptsmith-fakeprovider
fi
cli="$build/app/cli/promptsmith-cli"
fake="$build/tests/fakeprovider/promptsmith-fakeprovider"

work=$(mktemp -d)
fakepid=
cleanup() {
    [ -n "$fakepid" ] && kill "$fakepid" 2>/dev/null && wait "$fakepid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

. "$root/scripts/bench-fake.sh"

# start_fake LATENCY_MS [OPTION...]: the fake provider on a free port ($port).
start_fake() {
    latency_ms=$1
    shift
    start_fake_provider "$work/fake.out" "$fake" --latency-ms "$latency_ms" "$@"
}

# measured TIME_FILE WORK_ITEMS FLOOR_SECONDS: wall, CPU and peak RSS from /usr/bin/time -v.
measured() {
    python3 - "$@" <<'PY'
import sys

time_file, items, floor = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
fields = {}
for line in open(time_file):
    key, _, value = line.strip().rpartition(": ")
    fields[key] = value

def seconds(clock):  # "h:mm:ss" or "m:ss.ss"
    total = 0.0
    for part in clock.split(":"):
        total = total * 60 + float(part)
    return total

wall = seconds(fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"])
cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
rss_mb = int(fields["Maximum resident set size (kbytes)"]) / 1024
if floor > 0:
    print(f"wall time          {wall:.3f} s   (floor {floor:.3f} s, {wall / floor:.2f}x)")
else:
    print(f"wall time          {wall:.3f} s")
print(f"CPU (user+sys)     {cpu:.3f} s   ({cpu / max(items, 1) * 1000:.2f} ms per request)")
print(f"peak RSS           {rss_mb:.1f} MB")
PY
}

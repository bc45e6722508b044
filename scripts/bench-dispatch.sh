#!/bin/sh
# The dispatcher's throughput through the real promptsmith-cli: 2,000 requests at concurrency 32
# against the fake provider answering each after 50 ms, every answer stored in the project as it
# completes. Prints the wall time against the floor (2000 x 0.05 s / 32 = 3.125 s), the CLI's CPU
# seconds (user + sys) and its peak RSS.
#
# Builds the Release CLI and fake provider in build-bench-dispatch (PS_BENCH_DISPATCH_BUILD moves
# it; PS_BENCH_SKIP_BUILD=1 uses what is already built there, whatever its build type).
# PS_BENCH_REQUESTS, PS_BENCH_CONCURRENCY and PS_BENCH_LATENCY_MS change the load.
# The requests are one target's call sent N times: `run --repeat N` (never from the cache).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${PS_BENCH_DISPATCH_BUILD:-"$root/build-bench-dispatch"}
jobs=${PS_JOBS:-2}
requests=${PS_BENCH_REQUESTS:-2000}
concurrency=${PS_BENCH_CONCURRENCY:-32}
latency=${PS_BENCH_LATENCY_MS:-50}

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

"$fake" --latency-ms "$latency" >"$work/fake.out" &
fakepid=$!
port=
for _ in $(seq 1 100); do
    port=$(head -n 1 "$work/fake.out" 2>/dev/null | tr -dc '0-9')
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "the fake provider did not start" >&2; exit 1; }

project="$work/bench.promptsmith"
cat >"$work/version.json" <<'JSON'
{"messages": [{"role": "system", "content": "You are terse."},
              {"role": "user", "content": "Classify this ticket: I was charged twice for my order"}],
 "params": {"max_tokens": 64}}
JSON
quiet() { "$cli" --project "$project" "$@" >/dev/null; }
"$cli" init "$project" >/dev/null
quiet prompt add bench
quiet version save bench --from "$work/version.json" -m bench
quiet provider add fake --kind openai-compatible --base-url "http://127.0.0.1:$port/v1" \
    --concurrency "$concurrency" --timeout 60
quiet target add t --provider fake --model gpt-bench

echo "sending $requests requests at concurrency $concurrency, $latency ms each ..."
status=0
/usr/bin/time -v -o "$work/time.txt" "$cli" --project "$project" run bench --target t \
    --repeat "$requests" --json >"$work/run.json" || status=$?

python3 - "$work/time.txt" "$work/run.json" "$requests" "$concurrency" "$latency" "$status" \
    "$project" <<'PY'
import json, sqlite3, sys

time_file, run_file, requests, concurrency, latency, status, project = sys.argv[1:]
requests, concurrency, latency = int(requests), int(concurrency), int(latency)
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
floor = requests * latency / 1000 / concurrency

results = json.load(open(run_file))["results"] if status in ("0", "4") else []
errors = sum(1 for r in results if r["error"] is not None)
attempts = sum(r["attempts"] for r in results)
stored = sqlite3.connect(project).execute("SELECT count(*) FROM responses").fetchone()[0]

print(f"exit status        {status}")
print(f"answers            {len(results)} of {requests} ({errors} errors, {attempts} attempts)")
print(f"responses stored   {stored}")
ratio = f", {wall / floor:.2f}x" if floor > 0 else ""
print(f"wall time          {wall:.3f} s   (floor {floor:.3f} s{ratio})")
print(f"CPU (user+sys)     {cpu:.3f} s   ({cpu / max(len(results), 1) * 1000:.2f} ms per request)")
print(f"peak RSS           {rss_mb:.1f} MB")
PY

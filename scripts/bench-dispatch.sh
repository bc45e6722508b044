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
requests=${PS_BENCH_REQUESTS:-2000}
concurrency=${PS_BENCH_CONCURRENCY:-32}
latency=${PS_BENCH_LATENCY_MS:-50}
. "$root/scripts/bench-lib.sh"
start_fake "$latency"

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

python3 - "$work/run.json" "$requests" "$status" "$project" <<'PY'
import json, sqlite3, sys

run_file, requests, status, project = sys.argv[1:]
results = json.load(open(run_file))["results"] if status in ("0", "4") else []
errors = sum(1 for r in results if r["error"] is not None)
attempts = sum(r["attempts"] for r in results)
stored = sqlite3.connect(project).execute("SELECT count(*) FROM responses").fetchone()[0]
print(f"exit status        {status}")
print(f"answers            {len(results)} of {requests} ({errors} errors, {attempts} attempts)")
print(f"responses stored   {stored}")
PY
measured "$work/time.txt" "$requests" "$(echo "$requests $latency $concurrency" |
    awk '{print $1 * $2 / 1000 / $3}')"

#!/bin/sh
# Evaluation throughput through the real promptsmith-cli: 1,000 cases x 2 targets at concurrency
# 32 against the fake provider answering each after 50 ms, every cell judged (icontains) and
# committed as it completes. Prints wall time against the floor (2000 x 0.05 s / 32 = 3.125 s),
# CPU seconds and peak RSS; then a lean floor client's (scripts/floor-client.py) for the same
# requests, streamed as eval asks and then as plain JSON replies, with eval's ratios to it; then, when promptfoo is installed (on PATH, or PS_PROMPTFOO names
# it), the same work through `promptfoo eval` side by side. Then the report of the run alone:
# what the statistics (bootstrap intervals, the A/B) cost in CPU.
#
# PS_BENCH_CASES, PS_BENCH_CONCURRENCY and PS_BENCH_LATENCY_MS change the load; the build is
# bench-lib.sh's (PS_BENCH_SKIP_BUILD=1 reuses it).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cases=${PS_BENCH_CASES:-1000}
concurrency=${PS_BENCH_CONCURRENCY:-32}
latency=${PS_BENCH_LATENCY_MS:-50}
. "$root/scripts/bench-lib.sh"
start_fake "$latency"
cells=$((cases * 2))
floor=$(echo "$cells $latency $concurrency" | awk '{print $1 * $2 / 1000 / $3}')

python3 - "$work" "$cases" <<'PY'
import csv, json, sys
work, cases = sys.argv[1], int(sys.argv[2])
with open(f"{work}/cases.jsonl", "w") as jsonl, open(f"{work}/cases.csv", "w", newline="") as f:
    table = csv.writer(f)
    table.writerow(["ticket", "__expected"])
    for i in range(cases):
        ticket = f"order {i} was charged twice please refund"
        jsonl.write(json.dumps({"vars": {"ticket": ticket},
                                "assert": [{"type": "icontains", "value": "charged"}]}) + "\n")
        table.writerow([ticket, "icontains: charged"])
PY
cat >"$work/version.json" <<'JSON'
{"messages": [{"role": "user", "content": "Classify this ticket: {{ticket}}"}]}
JSON

project="$work/bench.promptsmith"
quiet() { "$cli" --project "$project" "$@" >/dev/null; }
"$cli" init "$project" >/dev/null
quiet prompt add bench
quiet version save bench --from "$work/version.json" -m bench
quiet dataset import tickets "$work/cases.jsonl"
quiet provider add fake --kind openai-compatible --base-url "http://127.0.0.1:$port/v1" \
    --concurrency "$concurrency" --timeout 60
quiet target add a --provider fake --model gpt-bench-a
quiet target add b --provider fake --model gpt-bench-b

echo "promptsmith: $cases cases x 2 targets at concurrency $concurrency, $latency ms each ..."
status=0
/usr/bin/time -v -o "$work/time.txt" "$cli" --project "$project" eval bench --dataset tickets \
    --target a --target b --concurrency "$concurrency" --no-cache \
    --output "$work/eval.json" >/dev/null || status=$?
python3 - "$work/eval.json" "$status" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
print(f"exit status        {sys.argv[2]}")
for target, s in doc["summary"].items():
    print(f"target {target:<11} n={s['n']} passed={s['passed']} errors={s['errors']}")
PY
measured "$work/time.txt" "$cells" "$floor"
# The floor client: the same requests over raw sockets, each answer checked, nothing stored;
# first streamed as eval asks, then as one JSON reply each (less work than eval does).
echo "floor client (python asyncio over raw sockets, no storage), streamed as eval asks: the same $cells cells ..."
/usr/bin/time -v -o "$work/time-floor.txt" python3 "$root/scripts/floor-client.py" --stream \
    "$port" "$work/cases.jsonl" "$concurrency" gpt-bench-a gpt-bench-b
measured "$work/time-floor.txt" "$cells" "$floor"
python3 - "$work/time.txt" "$work/time-floor.txt" <<'PY'
import sys
def figures(path):
    fields = dict(line.strip().rpartition(": ")[::2] for line in open(path))
    wall = 0.0
    for part in fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
        wall = wall * 60 + float(part)
    return wall, float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
(eval_wall, eval_cpu), (floor_wall, floor_cpu) = figures(sys.argv[1]), figures(sys.argv[2])
print(f"eval / floor client: wall {eval_wall / floor_wall:.2f}x (goal <= 1.05x), "
      f"CPU {eval_cpu / floor_cpu:.2f}x (goal <= 1.00x)")
PY
echo "floor client, one JSON reply per request (no stream; less than eval asks): the same $cells cells ..."
/usr/bin/time -v -o "$work/time-floor-plain.txt" python3 "$root/scripts/floor-client.py" "$port" \
    "$work/cases.jsonl" "$concurrency" gpt-bench-a gpt-bench-b
measured "$work/time-floor-plain.txt" "$cells" "$floor"
# The statistics alone: the report reads the stored cells and draws every bootstrap interval
# (10,000 resamples each: mean score, F1s, the A/B's paired differences) again.
run_id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["run_id"])' "$work/eval.json")
/usr/bin/time -v -o "$work/time-report.txt" "$cli" --project "$project" report "$run_id" \
    --json >/dev/null
echo "report --json of those $cells cells (bootstrap intervals and the A/B included):"
measured "$work/time-report.txt" "$cells" 0

promptfoo=${PS_PROMPTFOO:-$(command -v promptfoo || true)}
if [ -z "$promptfoo" ]; then
    echo "promptfoo: not installed (npm install -g promptfoo@0.121.20, or set PS_PROMPTFOO)"
    exit 0
fi
cat >"$work/promptfooconfig.yaml" <<YAML
prompts: ["Classify this ticket: {{ticket}}"]
providers:
  - id: openai:chat:gpt-bench-a
    config: {apiBaseUrl: "http://127.0.0.1:$port/v1", apiKey: "bench"}
  - id: openai:chat:gpt-bench-b
    config: {apiBaseUrl: "http://127.0.0.1:$port/v1", apiKey: "bench"}
tests: file://$work/cases.csv
YAML
echo "promptfoo: the same $cells cells ..."
status=0
(cd "$work" && PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 \
    /usr/bin/time -v -o "$work/time-promptfoo.txt" "$promptfoo" eval -c promptfooconfig.yaml \
    --max-concurrency "$concurrency" --no-cache --no-progress-bar --no-table \
    -o "$work/promptfoo.json" >"$work/promptfoo.log" 2>&1) || status=$?
echo "exit status        $status"
python3 - "$work/promptfoo.json" <<'PY' || tail -5 "$work/promptfoo.log"
import json, sys
stats = json.load(open(sys.argv[1]))["results"]["stats"]
print(f"cells              passed={stats.get('successes')} failed={stats.get('failures')} "
      f"errors={stats.get('errors')}")
PY
measured "$work/time-promptfoo.txt" "$cells" "$floor"

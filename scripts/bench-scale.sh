#!/bin/sh
# Evaluation at scale: 2,000 and then 20,000 cells (1,000 and 10,000 cases x 2 targets) at
# concurrency 128, streamed as eval always asks, against the fake provider answering each after
# 50 ms. Prints each run's wall time against the floor (cells x 0.05 s / 128), its CPU and peak
# RSS, and then the ratio of the two peaks: memory must stay flat as a run grows (goal: within
# 10%), and the wall time within 10% of the floor.
#
# PS_BENCH_CONCURRENCY and PS_BENCH_LATENCY_MS change the load; the build is bench-lib.sh's
# (PS_BENCH_SKIP_BUILD=1 reuses it).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
concurrency=${PS_BENCH_CONCURRENCY:-128}
latency=${PS_BENCH_LATENCY_MS:-50}
. "$root/scripts/bench-lib.sh"
start_fake "$latency" --workers 320 # a kept-alive connection holds a worker

# run_scale CASES: one project, one evaluation of CASES x 2 targets; leaves $work/time-CASES.txt.
run_scale() {
    cases=$1
    cells=$((cases * 2))
    floor=$(echo "$cells $latency $concurrency" | awk '{print $1 * $2 / 1000 / $3}')
    dir="$work/scale-$cases"
    mkdir -p "$dir"
    python3 - "$dir/cases.jsonl" "$cases" <<'PY'
import json, sys
with open(sys.argv[1], "w") as out:
    for i in range(int(sys.argv[2])):
        out.write(json.dumps({"vars": {"ticket": f"order {i} was charged twice please refund"},
                              "assert": [{"type": "icontains", "value": "charged"}]}) + "\n")
PY
    echo '{"messages": [{"role": "user", "content": "Classify this ticket: {{ticket}}"}]}' \
        >"$dir/version.json"
    project="$dir/bench.promptsmith"
    "$cli" init "$project" >/dev/null
    for step in "prompt add bench" "version save bench --from $dir/version.json -m bench" \
        "dataset import tickets $dir/cases.jsonl" \
        "provider add fake --kind openai-compatible --base-url http://127.0.0.1:$port/v1 --concurrency $concurrency --timeout 60" \
        "target add a --provider fake --model gpt-bench-a" \
        "target add b --provider fake --model gpt-bench-b"; do
        # shellcheck disable=SC2086 # the steps are word lists
        "$cli" --project "$project" $step >/dev/null
    done
    echo "eval: $cases cases x 2 targets = $cells cells at concurrency $concurrency, $latency ms each ..."
    /usr/bin/time -v -o "$work/time-$cases.txt" "$cli" --project "$project" eval bench \
        --dataset tickets --target a --target b --concurrency "$concurrency" --no-cache \
        --output "$dir/eval.json" >/dev/null
    python3 - "$dir/eval.json" <<'PY'
import json, sys
for target, s in json.load(open(sys.argv[1]))["summary"].items():
    print(f"target {target:<11} n={s['n']} passed={s['passed']} errors={s['errors']}")
PY
    measured "$work/time-$cases.txt" "$cells" "$floor"
}

run_scale 1000
run_scale 10000
python3 - "$work/time-1000.txt" "$work/time-10000.txt" <<'PY'
import sys
def peak(path):
    for line in open(path):
        key, _, value = line.strip().rpartition(": ")
        if key == "Maximum resident set size (kbytes)":
            return int(value) / 1024
small, large = peak(sys.argv[1]), peak(sys.argv[2])
print(f"peak RSS 20,000 cells / 2,000 cells: {large:.1f} MB / {small:.1f} MB = {large / small:.2f}x "
      "(goal <= 1.10x)")
PY

#!/bin/sh
# A big project: 1,000 prompts, 100,000 versions, 10,000 evaluation runs holding 1,000,000
# stored answers, and one run of 100,000 cells. Built once (a few minutes) and cached in
# ${PS_BENCH_DIR:-~/.cache/promptsmith-bench}; then prints, each the median of 5:
#   - `runs`, `version list`, and `report` of a 100-cell run (goal: each under 100 ms);
#   - `report --format json` of the 100,000-cell run (goal: under 2 s);
#   - the window opening the big project to a usable state against the demo project (goal:
#     within 2x), when a GUI build is there (PS_BENCH_APP names the program, else
#     build-bench-gui's or build/test's).
#
# The project is made the way the CLI makes one (a real prompt, version, dataset and an
# evaluation against the fake provider), then multiplied in SQL: every row is a copy of a row
# the program itself wrote, with its own ids, names and numbers.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/bench-lib.sh"
cache=${PS_BENCH_DIR:-"${XDG_CACHE_HOME:-$HOME/.cache}/promptsmith-bench"}
big="$cache/big-v2.promptsmith"
mkdir -p "$cache"

build_big_project() {
    start_fake 0
    tmp="$big.building"
    rm -f "$tmp" "$tmp-wal" "$tmp-shm"
    q() { "$cli" --project "$tmp" "$@" >/dev/null; }
    "$cli" init "$tmp" >/dev/null
    python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
def cases(path, count):
    with open(path, "w") as out:
        for i in range(count):
            out.write(json.dumps({"vars": {"ticket": f"order {i} was charged twice"},
                                  "assert": [{"type": "icontains", "value": "charged"}]}) + "\n")
cases(f"{work}/small.jsonl", 50)
cases(f"{work}/big.jsonl", 50000)
PY
    echo '{"messages": [{"role": "system", "content": "You triage support tickets."}, {"role": "user", "content": "Classify this ticket: {{ticket}}"}]}' \
        >"$work/version.json"
    q prompt add prompt-0000
    q version save prompt-0000 --from "$work/version.json" -m first
    q dataset import tickets "$work/small.jsonl"
    q dataset import tickets-big "$work/big.jsonl"
    q provider add fake --kind openai-compatible --base-url "http://127.0.0.1:$port/v1" --concurrency 32
    q target add a --provider fake --model gpt-bench-a
    q target add b --provider fake --model gpt-bench-b
    q eval prompt-0000 --dataset tickets --target a --target b --concurrency 32 --no-cache
    echo "multiplying: 1,000 prompts, 100,000 versions, 10,000 runs, 1,000,000 answers ..."
    sqlite3 "$tmp" <<'SQL'
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TEMP TABLE seq(n INTEGER PRIMARY KEY);
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100000)
INSERT INTO seq SELECT n FROM c;
INSERT INTO prompts (id, name, description, tags, created)
    SELECT 1 + n, printf('prompt-%04d', n), '', '[]', p.created
    FROM seq, prompts p WHERE n < 1000 AND p.id = 1;
-- Version NUMBER of prompt P has id P * 1000 + NUMBER; its parent is the number before.
INSERT INTO versions (id, prompt_id, number, hash, parent_id, author, created, message, content)
    SELECT pr.id * 1000 + s.n, pr.id, s.n, v.hash,
           CASE WHEN s.n = 1 THEN NULL WHEN pr.id = 1 AND s.n = 2 THEN v.id
                ELSE pr.id * 1000 + s.n - 1 END,
           v.author, v.created, 'version ' || s.n, v.content
    FROM prompts pr, seq s, versions v
    WHERE s.n <= 100 AND v.id = 1 AND NOT (pr.id = 1 AND s.n = 1);
INSERT INTO run_records (id, kind, version_id, version_ref, targets, status, total, started,
                         finished, owner_pid, dataset_id, options)
    SELECT printf('bench%08d', s.n), r.kind,
           CASE WHEN s.n = 1 THEN 1 -- prompt-0000@1 is the version the CLI saved
                ELSE ((s.n - 1) % 1000 + 1) * 1000 + (s.n - 1) / 1000 + 1 END,
           printf('prompt-%04d@%d', (s.n - 1) % 1000, (s.n - 1) / 1000 + 1), r.targets, r.status,
           r.total, strftime('%Y-%m-%dT%H:%M:%fZ', r.started, printf('-%d minutes', s.n)),
           r.finished, 0, r.dataset_id, r.options
    FROM seq s, (SELECT * FROM run_records LIMIT 1) r WHERE s.n <= 10000;
CREATE TEMP TABLE template AS SELECT * FROM responses ORDER BY id;
INSERT INTO responses (run_id, target_id, model, rendered_request, text, tool_calls,
    finish_reason, input_tokens, output_tokens, cached_tokens, reasoning_tokens, cost_usd, ttft_ms,
    total_ms, attempts, cached, fell_back_from, error_category, error_message, error_status,
    created, case_index, repeat_index, pass, score, assertions, logprobs, version_id, version_ref,
    draft, batch_id)
    SELECT r.id, t.target_id, t.model, t.rendered_request, t.text, t.tool_calls, t.finish_reason,
           t.input_tokens, t.output_tokens, t.cached_tokens, t.reasoning_tokens, t.cost_usd,
           t.ttft_ms, t.total_ms, t.attempts, t.cached, t.fell_back_from, t.error_category,
           t.error_message, t.error_status, t.created, t.case_index, t.repeat_index, t.pass,
           t.score, t.assertions, t.logprobs, r.version_id, r.version_ref, t.draft, t.batch_id
    FROM run_records r, template t WHERE r.id LIKE 'bench%';
-- One run of 100,000 cells over the 50,000-case dataset: each case answered by both targets.
INSERT INTO run_records (id, kind, version_id, version_ref, targets, status, total, started,
                         finished, owner_pid, dataset_id, options)
    SELECT 'bigrun', r.kind, r.version_id, r.version_ref, r.targets, r.status, 100000,
           r.started, r.finished, 0, (SELECT id FROM datasets WHERE name = 'tickets-big'), r.options
    FROM run_records r WHERE r.id NOT LIKE 'bench%' LIMIT 1;
INSERT INTO responses (run_id, target_id, model, rendered_request, text, tool_calls,
    finish_reason, input_tokens, output_tokens, cached_tokens, reasoning_tokens, cost_usd, ttft_ms,
    total_ms, attempts, cached, fell_back_from, error_category, error_message, error_status,
    created, case_index, repeat_index, pass, score, assertions, logprobs, version_id, version_ref,
    draft, batch_id)
    SELECT 'bigrun', t.target_id, t.model, t.rendered_request, t.text, t.tool_calls,
           t.finish_reason, t.input_tokens, t.output_tokens, t.cached_tokens, t.reasoning_tokens,
           t.cost_usd, t.ttft_ms, t.total_ms + (s.n % 97), t.attempts, t.cached, t.fell_back_from,
           t.error_category, t.error_message, t.error_status, t.created, s.n - 1, 0,
           CASE WHEN s.n % 10 = 0 THEN 0 ELSE t.pass END, t.score, t.assertions, t.logprobs,
           t.version_id, t.version_ref, t.draft, t.batch_id
    FROM seq s, template t WHERE s.n <= 50000 AND t.case_index = 0;
COMMIT;
PRAGMA foreign_keys = ON;
ANALYZE;
SQL
    problems=$(sqlite3 "$tmp" "PRAGMA foreign_key_check" | wc -l)
    if [ "$problems" != 0 ]; then
        echo "the big project has $problems rows with a dangling reference: not cached" >&2
        exit 1
    fi
    mv "$tmp" "$big"
    rm -f "$tmp-wal" "$tmp-shm"
}

if [ ! -f "$big" ]; then
    build_big_project
fi
sqlite3 "$big" "SELECT (SELECT count(*) FROM prompts) || ' prompts, ' ||
    (SELECT count(*) FROM versions) || ' versions, ' || (SELECT count(*) FROM run_records) ||
    ' runs, ' || (SELECT count(*) FROM responses) || ' stored answers'"

# median_ms LABEL GOAL_MS COMMAND...: runs COMMAND five times, prints the median wall time.
median_ms() {
    label=$1
    goal=$2
    shift 2
    python3 - "$label" "$goal" "$@" <<'PY'
import statistics, subprocess, sys, time
label, goal, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
times = []
for _ in range(5):
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    times.append((time.perf_counter() - start) * 1000)
    if done.returncode != 0:
        print(f"{label}: exit {done.returncode}: {done.stderr.strip()[:200]}")
        sys.exit(0)
median = statistics.median(times)
verdict = "meets" if median <= goal else "misses"
print(f"{label:<44}{median:9.1f} ms  (goal {goal:.0f} ms: {verdict})")
PY
}

c() { echo "$cli" --project "$big" "$@"; }
# shellcheck disable=SC2046 # c prints the command's words
median_ms "runs (10,001 runs)" 100 $(c runs)
# shellcheck disable=SC2046
median_ms "version list prompt-0500 (100 versions)" 100 $(c version list prompt-0500)
# shellcheck disable=SC2046
median_ms "report of a 100-cell run" 100 $(c report bench00005000)
# shellcheck disable=SC2046
median_ms "report --format json of the 100,000-cell run" 2000 $(c report bigrun --format json)

app=${PS_BENCH_APP:-}
[ -z "$app" ] && [ -x "$root/build-bench-gui/app/gui/promptsmith" ] \
    && app="$root/build-bench-gui/app/gui/promptsmith"
[ -z "$app" ] && [ -x "$root/build/test/app/gui/promptsmith" ] && app="$root/build/test/app/gui/promptsmith"
if [ -z "$app" ]; then
    echo "window: no GUI build (set PS_BENCH_APP, or run scripts/bench-gui.sh once)"
    exit 0
fi
home="$work/home"
mkdir -p "$home"
python3 - "$app" "$home" "$big" <<'PY'
import os, statistics, subprocess, sys, time
app, home, big = sys.argv[1:4]
env = dict(os.environ, PS_BENCH_EXIT_AFTER_PAINT="ready", HOME=home,
           XDG_DATA_HOME=os.path.join(home, "data"), XDG_CONFIG_HOME=os.path.join(home, "config"),
           XDG_CACHE_HOME=os.path.join(home, "cache"))
if "DISPLAY" not in env and "WAYLAND_DISPLAY" not in env:
    env.setdefault("QT_QPA_PLATFORM", "offscreen")

def ready_ms(args):
    start = time.time_ns()
    out = subprocess.run([app] + args, env=env, capture_output=True, text=True, timeout=120)
    for line in out.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key == "ready-epoch-us":
            return (int(value) * 1000 - start) / 1e6
    return None

ready_ms([])  # warm-up: makes the demo project in this private home
demo = [ready_ms([]) for _ in range(5)]
large = [ready_ms([big]) for _ in range(5)]
if None in demo or None in large:
    print("window: the program reported no ready time")
    sys.exit(0)
d, b = statistics.median(demo), statistics.median(large)
print(f"window open to a usable state: demo {d:.0f} ms, big project {b:.0f} ms = {b / d:.2f}x "
      f"(goal within 2x; {os.path.basename(os.path.dirname(os.path.dirname(os.path.dirname(app))))}'s build)")
PY

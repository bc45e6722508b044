#!/bin/sh
# Soak: a 10,000-cell evaluation (5,000 cases x 2 targets, concurrency 32) against the fake
# provider failing 5% of calls (429 or 500) and stalling 1% (3 s, past the provider's 1 s
# timeout), killed with SIGKILL about every 1,000 stored cells and resumed each time until it is
# complete. Prints the cells, the kills, duplicates and lost cells (both must be 0), what the
# fake provider was asked and answered, the store's integrity check and each session's peak RSS
# (flat, not growing with the run).
#
# PS_SOAK_CASES (5000) and PS_SOAK_KILL_EVERY (1000) change the load; the build is
# bench-lib.sh's (PS_BENCH_SKIP_BUILD=1 reuses it).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cases=${PS_SOAK_CASES:-5000}
kill_every=${PS_SOAK_KILL_EVERY:-1000}
. "$root/scripts/bench-lib.sh"
# Approvals stay in the benchmark's folder (the fake provider is keyless on loopback anyway).
export XDG_CONFIG_HOME="$work/config"
start_fake_provider "$work/fake.out" "$fake" --latency-ms 20 --fault flaky:5:1 \
    --stats "$work/stats.json"

python3 - "$work" "$cases" <<'PY'
import json, sys
work, cases = sys.argv[1], int(sys.argv[2])
with open(f"{work}/cases.jsonl", "w") as out:
    for i in range(cases):
        out.write(json.dumps({"vars": {"ticket": f"soak ticket {i}"},
                              "assert": [{"type": "icontains", "value": "ticket"}]}) + "\n")
PY
cat >"$work/version.json" <<'JSON'
{"messages": [{"role": "user", "content": "Classify: {{ticket}}"}]}
JSON
project="$work/soak.promptsmith"
quiet() { "$cli" --project "$project" "$@" >/dev/null; }
"$cli" init "$project" >/dev/null
quiet prompt add soak
quiet version save soak --from "$work/version.json" -m soak
quiet dataset import tickets "$work/cases.jsonl"
quiet provider add fake --kind openai-compatible --base-url "http://127.0.0.1:$port/v1" \
    --concurrency 32 --timeout 1
quiet target add a --provider fake --model gpt-soak-a
quiet target add b --provider fake --model gpt-soak-b

echo "soak: $cases cases x 2 targets, a SIGKILL about every $kill_every cells ..."
python3 - "$cli" "$project" "$cases" "$kill_every" <<'PY'
import json, os, signal, sqlite3, subprocess, sys, time

cli, project, cases, kill_every = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
total = cases * 2

def stored():
    db = sqlite3.connect(f"file:{project}?mode=ro", uri=True, timeout=30)
    try:
        return db.execute("SELECT count(*) FROM responses").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()

def errored():
    db = sqlite3.connect(f"file:{project}?mode=ro", uri=True, timeout=30)
    try:
        return db.execute("SELECT count(*) FROM responses WHERE error_category IS NOT NULL"
                          ).fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()

def peak_rss_mb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0

base = [cli, "--project", project, "eval"]
args = ["soak", "--dataset", "tickets", "--target", "a", "--target", "b",
        "--concurrency", "32", "--no-cache"]
run_id = None
kills, sessions, peaks = 0, 0, []
next_kill = kill_every
started = time.monotonic()
while True:
    process = subprocess.Popen(base + (["--resume", run_id] if run_id else args),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sessions += 1
    peak = 0.0
    killed = False
    while process.poll() is None:
        peak = max(peak, peak_rss_mb(process.pid))
        if stored() >= next_kill and next_kill < total:
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
            killed = True
            next_kill += kill_every
            break
        time.sleep(0.05)
    peaks.append(peak)
    if run_id is None:
        runs = json.loads(subprocess.run([cli, "--project", project, "runs", "--json"],
                                         capture_output=True, text=True).stdout)["runs"]
        run_id = runs[0]["id"]
    if not killed and stored() >= total and errored() == 0:
        break
    # An errored cell (all retries failed) is asked again by the next --resume.
    if sessions > 40:
        print("gave up after 40 sessions")
        break
elapsed = time.monotonic() - started

db = sqlite3.connect(project)
rows = db.execute("SELECT count(*) FROM responses WHERE run_id = ?", (run_id,)).fetchone()[0]
distinct = db.execute("SELECT count(*) FROM (SELECT DISTINCT target_id, case_index, repeat_index "
                      "FROM responses WHERE run_id = ?)", (run_id,)).fetchone()[0]
integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
db.close()
print(f"cells              {total}")
print(f"sessions           {sessions} ({kills} killed with SIGKILL)")
print(f"stored             {rows} rows, {distinct} distinct cells")
print(f"duplicates         {rows - distinct}")
print(f"lost               {total - distinct}")
print(f"errored at the end {errored()}")
print(f"integrity_check    {integrity}")
print(f"wall time          {elapsed:.1f} s")
print("peak RSS per session (MB): " + ", ".join(f"{p:.1f}" for p in peaks))
PY
kill "$fakepid" && wait "$fakepid" 2>/dev/null || true
fakepid=
python3 - "$work/stats.json" "$cases" <<'PY'
import json, sys
stats, total = json.load(open(sys.argv[1])), int(sys.argv[2]) * 2
print(f"fake provider      {stats['requests']} requests, {stats['answered']} answered "
      f"({stats['answered'] - total} answered beyond one per cell: in flight at a kill)")
PY

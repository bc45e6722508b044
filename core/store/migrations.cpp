#include "store/migrations.h"

#include "store/database.h"

#include <string>

namespace ps::store {

namespace {

// v1: prompts, their immutable versions, and movable labels. Versions are never updated
// nor deleted (triggers enforce it), so NAME@N means the same content forever and the
// numbers of a prompt are exactly 1..newest. JSON columns are checked by
// the store, not by CHECK (json_valid(...)): the connection runs with trusted_schema=OFF,
// under which the schema may call only innocuous functions, and json_valid is not one.
constexpr const char *kPromptsAndVersions = R"sql(
CREATE TABLE prompts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '[]',
    created     TEXT NOT NULL
);
CREATE TABLE versions (
    id        INTEGER PRIMARY KEY,
    prompt_id INTEGER NOT NULL REFERENCES prompts(id),
    number    INTEGER NOT NULL CHECK (number >= 1),
    hash      TEXT NOT NULL,
    parent_id INTEGER REFERENCES versions(id),
    author    TEXT NOT NULL,
    created   TEXT NOT NULL,
    message   TEXT NOT NULL,
    content   TEXT NOT NULL,
    UNIQUE (prompt_id, number)
);
CREATE INDEX versions_by_hash ON versions(prompt_id, hash);
CREATE INDEX versions_by_parent ON versions(parent_id);
CREATE TRIGGER versions_are_immutable BEFORE UPDATE ON versions
BEGIN
    SELECT RAISE(ABORT, 'versions are immutable');
END;
CREATE TRIGGER versions_are_permanent BEFORE DELETE ON versions
BEGIN
    SELECT RAISE(ABORT, 'versions are never deleted');
END;
CREATE TABLE labels (
    prompt_id  INTEGER NOT NULL REFERENCES prompts(id),
    name       TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    PRIMARY KEY (prompt_id, name)
) WITHOUT ROWID;
CREATE INDEX labels_by_version ON labels(version_id);
)sql";

// v2: one autosaved editor draft per prompt.
constexpr const char *kDrafts = R"sql(
CREATE TABLE drafts (
    prompt_id   INTEGER PRIMARY KEY REFERENCES prompts(id),
    base_number INTEGER,
    text        TEXT NOT NULL,
    updated     TEXT NOT NULL
);
)sql";

// v3: providers and targets (a provider's JSON holds the key's variable name, never a key),
// and runs with their responses, each response committed as it arrives. Times in
// milliseconds and costs are REAL; a run's `targets` is a JSON list of target ids. A run's
// owner_pid tells a live run from one whose process died (read back as `incomplete`).
constexpr const char *kProvidersTargetsRuns = R"sql(
CREATE TABLE providers (
    id      TEXT PRIMARY KEY,
    config  TEXT NOT NULL,
    created TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE targets (
    id                 TEXT PRIMARY KEY,
    provider_id        TEXT NOT NULL REFERENCES providers(id),
    model              TEXT NOT NULL,
    params             TEXT NOT NULL DEFAULT '{}',
    fallback_target_id TEXT REFERENCES targets(id),
    created            TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX targets_by_provider ON targets(provider_id);
CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('run', 'eval')),
    version_id  INTEGER NOT NULL REFERENCES versions(id),
    version_ref TEXT NOT NULL,
    targets     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'complete', 'cancelled')),
    total       INTEGER NOT NULL,
    started     TEXT NOT NULL,
    finished    TEXT,
    owner_pid   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX runs_by_version ON runs(version_id);
CREATE TABLE responses (
    id               INTEGER PRIMARY KEY,
    run_id           TEXT NOT NULL REFERENCES runs(id),
    target_id        TEXT NOT NULL,
    model            TEXT NOT NULL,
    rendered_request TEXT NOT NULL,
    text             TEXT NOT NULL,
    tool_calls       TEXT NOT NULL DEFAULT '[]',
    finish_reason    TEXT NOT NULL DEFAULT '',
    input_tokens     INTEGER,
    output_tokens    INTEGER,
    cached_tokens    INTEGER,
    reasoning_tokens INTEGER,
    cost_usd         REAL,
    ttft_ms          REAL,
    total_ms         REAL NOT NULL,
    attempts         INTEGER NOT NULL,
    cached           INTEGER NOT NULL DEFAULT 0,
    fell_back_from   TEXT,
    error_category   TEXT,
    error_message    TEXT,
    error_status     INTEGER,
    created          TEXT NOT NULL
);
CREATE INDEX responses_by_run ON responses(run_id);
)sql";

// v4: a project's own prices (`price set`), USD per 1M tokens; they win over the catalogue
// compiled in. cached_input is NULL when cached input costs the input price.
constexpr const char *kPrices = R"sql(
CREATE TABLE prices (
    model        TEXT PRIMARY KEY,
    input        REAL NOT NULL CHECK (input >= 0),
    output       REAL NOT NULL CHECK (output >= 0),
    cached_input REAL CHECK (cached_input IS NULL OR cached_input >= 0),
    updated      TEXT NOT NULL
);
)sql";

// v5: the response cache (dispatch/response_cache.h): the outcome of a successful call, by the
// SHA-256 of its canonical request, so a repeated evaluation sends nothing.
constexpr const char *kResponseCache = R"sql(
CREATE TABLE response_cache (
    key      TEXT PRIMARY KEY,
    model    TEXT NOT NULL,
    outcome  TEXT NOT NULL,
    created  TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// v6: datasets; each import of a name is a new immutable revision (store/dataset_store.h), so
// a run keeps pointing at the exact cases it used.
constexpr const char *kDatasets = R"sql(
CREATE TABLE datasets (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    source      TEXT NOT NULL,
    case_count  INTEGER NOT NULL,
    imported    TEXT NOT NULL,
    UNIQUE (name, revision)
);
CREATE TABLE dataset_cases (
    dataset_id  INTEGER NOT NULL REFERENCES datasets(id),
    idx         INTEGER NOT NULL,
    content     TEXT NOT NULL,
    PRIMARY KEY (dataset_id, idx)
) WITHOUT ROWID;
)sql";

// v7: a target falls back on low confidence too: below this mean token log-probability.
constexpr const char *kFallbackConfidence = R"sql(
ALTER TABLE targets ADD COLUMN fallback_min_logprob REAL;
)sql";

// v8: evaluation runs. A run remembers its dataset revision and options (so --resume needs
// nothing else); each answered cell is a response row with its case, repeat and verdict, and a
// cell is stored at most once per run.
constexpr const char *kEvaluations = R"sql(
ALTER TABLE runs ADD COLUMN dataset_id INTEGER REFERENCES datasets(id);
ALTER TABLE runs ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
ALTER TABLE responses ADD COLUMN case_index INTEGER;
ALTER TABLE responses ADD COLUMN repeat_index INTEGER;
ALTER TABLE responses ADD COLUMN pass INTEGER;
ALTER TABLE responses ADD COLUMN score REAL;
ALTER TABLE responses ADD COLUMN assertions TEXT NOT NULL DEFAULT '[]';
CREATE UNIQUE INDEX responses_by_cell ON responses(run_id, target_id, case_index, repeat_index)
    WHERE case_index IS NOT NULL;
)sql";

// v9: read-only views for people querying a project with the sqlite3 shell (docs/sql-views.md):
// runs (one row per run), cells (one row per evaluation cell) and run_targets (one row per run
// and target). The table of runs becomes run_records so that the view can have the name people
// look for; RENAME rewrites the foreign key of responses. The views are read-only: the program
// alone writes runs. A later migration that changes the tables these views read must recreate them.
constexpr const char *kSqlViews = R"sql(
ALTER TABLE runs RENAME TO run_records;
CREATE VIEW runs AS
SELECT r.id AS id, r.kind AS kind, r.version_ref AS version, r.targets AS targets,
       r.status AS status,
       (SELECT count(*) FROM responses s WHERE s.run_id = r.id) AS done, r.total AS total,
       r.started AS started, r.finished AS finished, d.name AS dataset,
       d.revision AS dataset_revision, r.owner_pid AS owner_pid
FROM run_records r LEFT JOIN datasets d ON d.id = r.dataset_id;
CREATE VIEW cells AS
SELECT s.run_id AS run_id, r.version_ref AS version, s.target_id AS target, s.model AS model,
       s.case_index AS case_index, coalesce(s.repeat_index, 0) AS repeat_index,
       CASE WHEN s.error_category IS NULL AND s.pass THEN 1 ELSE 0 END AS pass,
       CASE WHEN s.error_category IS NULL THEN s.score ELSE 0 END AS score,
       s.text AS text, s.error_category AS error_category, s.error_message AS error_message,
       s.ttft_ms AS ttft_ms, s.total_ms AS total_ms, s.cost_usd AS cost_usd,
       s.cached AS cached, s.input_tokens AS input_tokens, s.output_tokens AS output_tokens,
       s.assertions AS assertions, s.created AS created
FROM responses s JOIN run_records r ON r.id = s.run_id
WHERE s.case_index IS NOT NULL;
CREATE VIEW run_targets AS
SELECT run_id, version, target, count(*) AS n, sum(pass) AS passed,
       round(1.0 * sum(pass) / count(*), 4) AS pass_rate, round(avg(score), 4) AS mean_score,
       sum(error_category IS NOT NULL) AS errors, round(avg(total_ms), 1) AS mean_total_ms,
       sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
       sum(cost_usd) AS cost_usd
FROM cells GROUP BY run_id, version, target;
)sql";

// v10: a removed prompt leaves the project's list but not the file: its versions are permanent
// and its runs point at them. `removed` is when; the row's name becomes "removed@ID@NAME", which
// no prompt name can be (names may not contain '@') and no reference can reach, so the name is
// free again.
constexpr const char *kRemovedPrompts = R"sql(
ALTER TABLE prompts ADD COLUMN removed TEXT;
)sql";

// v11: the token log-probabilities an answer came with (the panes' confidence view), as JSON
// [{"token", "logprob", "top": [[token, logprob], ...]}]; NULL when the provider sent none.
constexpr const char *kResponseLogprobs = R"sql(
ALTER TABLE responses ADD COLUMN logprobs TEXT;
)sql";

// v12: one run can hold answers of several versions (the panes comparing versions): a response
// names its own version and whether it was unsaved edits on it; NULL reads as the run's. The
// views that name a cell's version are recreated to read it.
constexpr const char *kResponseVersions = R"sql(
ALTER TABLE responses ADD COLUMN version_id INTEGER REFERENCES versions(id);
ALTER TABLE responses ADD COLUMN version_ref TEXT;
ALTER TABLE responses ADD COLUMN draft INTEGER;
DROP VIEW run_targets;
DROP VIEW cells;
CREATE VIEW cells AS
SELECT s.run_id AS run_id, coalesce(s.version_ref, r.version_ref) AS version,
       s.target_id AS target, s.model AS model,
       s.case_index AS case_index, coalesce(s.repeat_index, 0) AS repeat_index,
       CASE WHEN s.error_category IS NULL AND s.pass THEN 1 ELSE 0 END AS pass,
       CASE WHEN s.error_category IS NULL THEN s.score ELSE 0 END AS score,
       s.text AS text, s.error_category AS error_category, s.error_message AS error_message,
       s.ttft_ms AS ttft_ms, s.total_ms AS total_ms, s.cost_usd AS cost_usd,
       s.cached AS cached, s.input_tokens AS input_tokens, s.output_tokens AS output_tokens,
       s.assertions AS assertions, s.created AS created
FROM responses s JOIN run_records r ON r.id = s.run_id
WHERE s.case_index IS NOT NULL;
CREATE VIEW run_targets AS
SELECT run_id, version, target, count(*) AS n, sum(pass) AS passed,
       round(1.0 * sum(pass) / count(*), 4) AS pass_rate, round(avg(score), 4) AS mean_score,
       sum(error_category IS NOT NULL) AS errors, round(avg(total_ms), 1) AS mean_total_ms,
       sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
       sum(cost_usd) AS cost_usd
FROM cells GROUP BY run_id, version, target;
)sql";

// v13: a prompt's specs, requirements written as gates (`spec set`), checked by `eval --spec`.
constexpr const char *kSpecs = R"sql(
CREATE TABLE specs (
    prompt_id INTEGER NOT NULL REFERENCES prompts(id),
    name      TEXT NOT NULL,
    expr      TEXT NOT NULL,
    why       TEXT NOT NULL DEFAULT '',
    updated   TEXT NOT NULL,
    PRIMARY KEY (prompt_id, name)
) WITHOUT ROWID;
)sql";

// v14: an evaluation over several versions answers each case once per version and target: a
// cell is unique with its version (a response without one is its run's, counted as 0 here;
// RunStore::addResponse compares the resolved versions before it inserts).
constexpr const char *kCellsByVersion = R"sql(
DROP INDEX responses_by_cell;
CREATE UNIQUE INDEX responses_by_cell
    ON responses(run_id, coalesce(version_id, 0), target_id, case_index, repeat_index)
    WHERE case_index IS NOT NULL;
)sql";

// Blind human rating: a session over a run's columns, its items (what is shown, in which
// order of sides) and each rater's rating of an item (the latest replaces an earlier one).
constexpr const char *kRatingSessions = R"sql(
CREATE TABLE rating_sessions (
    id        TEXT PRIMARY KEY,
    run_id    TEXT NOT NULL,
    mode      TEXT NOT NULL CHECK (mode IN ('pairwise', 'rubric')),
    columns   TEXT NOT NULL,
    scale     TEXT NOT NULL,
    criteria  TEXT NOT NULL,
    guideline TEXT NOT NULL,
    seed      INTEGER NOT NULL,
    created   TEXT NOT NULL
);
CREATE TABLE rating_items (
    session_id   TEXT NOT NULL REFERENCES rating_sessions(id) ON DELETE CASCADE,
    item         TEXT NOT NULL,
    idx          INTEGER NOT NULL,
    case_index   INTEGER NOT NULL,
    columns      TEXT NOT NULL,
    response_ids TEXT NOT NULL,
    PRIMARY KEY (session_id, item)
);
CREATE TABLE ratings (
    session_id TEXT NOT NULL,
    item       TEXT NOT NULL,
    rater      TEXT NOT NULL,
    choice     TEXT NOT NULL,
    scores     TEXT NOT NULL,
    note       TEXT NOT NULL,
    rated      TEXT NOT NULL,
    PRIMARY KEY (session_id, item, rater),
    FOREIGN KEY (session_id, item) REFERENCES rating_items(session_id, item) ON DELETE CASCADE
);
)sql";

// Annotation guidelines versioned like prompts (a new text is a new version, nothing is
// overwritten); a session names the version it showed, and may rate several window runs.
constexpr const char *kRatingGuidelines = R"sql(
CREATE TABLE rating_guidelines (
    name    TEXT NOT NULL,
    version INTEGER NOT NULL,
    text    TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (name, version)
) WITHOUT ROWID;
ALTER TABLE rating_sessions ADD COLUMN guideline_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE rating_sessions ADD COLUMN run_ids TEXT NOT NULL DEFAULT '[]';
)sql";

// Bad cases: the project's taxonomy (a useful one to start with) and each marked answer with a
// copy of what reproduces it, so it outlives the run it came from.
constexpr const char *kBadcases = R"sql(
CREATE TABLE badcase_tags (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL DEFAULT '',
    colour      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
INSERT INTO badcase_tags (name, description, colour) VALUES
    ('hallucination', 'States something the input or the facts do not support.', '#c0392b'),
    ('wrong label', 'Picks the wrong category, label or answer option.', '#d35400'),
    ('format broken', 'Not in the format asked for: invalid JSON, missing fields, extra prose.', '#8e44ad'),
    ('refused', 'Declines a request it should have answered.', '#7f8c8d'),
    ('incomplete', 'Leaves out part of what was asked.', '#2980b9'),
    ('too long', 'Longer than asked or than the reader needs.', '#16a085'),
    ('tone', 'Right content in the wrong voice: rude, stiff, off-brand.', '#f39c12'),
    ('unsafe', 'Harmful, private or policy-breaking content.', '#e74c3c'),
    ('ignored instruction', 'Does not follow an explicit instruction of the prompt.', '#27ae60');
CREATE TABLE badcases (
    id          INTEGER PRIMARY KEY,
    answer      TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    response_id INTEGER NOT NULL,
    case_index  INTEGER,
    dataset_id  INTEGER,
    prompt      TEXT NOT NULL,
    version     TEXT NOT NULL,
    target      TEXT NOT NULL,
    model       TEXT NOT NULL,
    request     TEXT NOT NULL,
    vars        TEXT NOT NULL,
    text        TEXT NOT NULL,
    verdict     TEXT NOT NULL CHECK (verdict IN ('bad', 'good')),
    tags        TEXT NOT NULL,
    note        TEXT NOT NULL,
    corrected   TEXT,
    status      TEXT NOT NULL CHECK (status IN ('open', 'fixed', 'wontfix')),
    fixed_in    TEXT NOT NULL DEFAULT '',
    created     TEXT NOT NULL,
    by          TEXT NOT NULL
);
CREATE INDEX badcases_by_prompt ON badcases(prompt);
)sql";

// v18: images user messages show the model, once per content (the SHA-256 of the bytes), so a
// version's content names them by hash and the project stays one file.
constexpr const char *kImages = R"sql(
CREATE TABLE images (
    sha256     TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    bytes      BLOB NOT NULL,
    added      TEXT NOT NULL
);
)sql";

// A batch evaluation's batches at the provider (one per target and submission), and the batch
// each cell came from: a batch answer has no latency of its own to report.
constexpr const char *kRunBatches = R"sql(
CREATE TABLE run_batches (
    run_id    TEXT NOT NULL REFERENCES run_records(id) ON DELETE CASCADE,
    batch_id  TEXT NOT NULL,
    target_id TEXT NOT NULL,
    cells     INTEGER NOT NULL,
    state     TEXT NOT NULL CHECK (state IN ('submitted', 'collected', 'cancelled')),
    submitted TEXT NOT NULL,
    PRIMARY KEY (run_id, batch_id)
);
ALTER TABLE responses ADD COLUMN batch_id TEXT;
)sql";

constexpr Migration kMigrations[] = {
    {1, "prompts, versions and labels", kPromptsAndVersions},
    {2, "editor drafts", kDrafts},
    {3, "providers, targets, runs and responses", kProvidersTargetsRuns},
    {4, "project price overrides", kPrices},
    {5, "response cache", kResponseCache},
    {6, "datasets", kDatasets},
    {7, "fallback on low confidence", kFallbackConfidence},
    {8, "evaluation runs and cells", kEvaluations},
    {9, "runs become run_records; read-only views runs, cells, run_targets", kSqlViews},
    {10, "removed prompts", kRemovedPrompts},
    {11, "token log-probabilities of responses", kResponseLogprobs},
    {12, "a version per response", kResponseVersions},
    {13, "prompt specs", kSpecs},
    {14, "evaluation cells per version", kCellsByVersion},
    {15, "blind rating sessions", kRatingSessions},
    {16, "versioned rating guidelines; sessions over window runs", kRatingGuidelines},
    {17, "bad cases and their taxonomy", kBadcases},
    {18, "images by content hash", kImages},
    {19, "batch evaluations", kRunBatches},
};

consteval bool versionsAreConsecutive()
{
    int expected = 1;
    for (const Migration &migration : kMigrations) {
        if (migration.version != expected++)
            return false;
    }
    return true;
}
static_assert(versionsAreConsecutive(), "migration versions must be 1, 2, 3, ... in order");

} // namespace

std::span<const Migration> migrations()
{
    return kMigrations;
}

int latestSchemaVersion()
{
    return std::size(kMigrations);
}

void migrate(Database &db, int target)
{
    for (const Migration &migration : kMigrations) {
        if (migration.version > target)
            break;
        if (db.queryInt("PRAGMA user_version") >= migration.version)
            continue;
        Transaction transaction(db);
        // Read inside the transaction: another process may have migrated meanwhile.
        const auto current = db.queryInt("PRAGMA user_version");
        if (current >= migration.version)
            continue;
        if (migration.version == 1)
            db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        if (migration.sql)
            db.exec(migration.sql);
        if (migration.apply)
            migration.apply(db);
        db.exec("PRAGMA user_version = " + std::to_string(migration.version));
        transaction.commit();
    }
}

} // namespace ps::store

#pragma once

// Helpers shared by the CLI end-to-end suites: a project in a temporary directory and JSON output.

#include "test_support.h"

#include <nlohmann/json.hpp>

#include <QString>
#include <QTemporaryDir>
#include <QStringList>

#include <initializer_list>
#include <memory>

namespace ps::test {

// One command-line argument from a literal or a QString (QT_NO_CAST_FROM_ASCII forbids the implicit
// conversion), so argument lists read like the command line they stand for.
struct Arg
{
    Arg(const char *text)
        : value(QString::fromUtf8(text))
    { }
    Arg(const QString &text)
        : value(text)
    { }
    QString value;
};

QStringList argList(std::initializer_list<Arg> args);

// runCli() with literal-friendly arguments and extra environment entries ("NAME=value").
CliResult cli(std::initializer_list<Arg> args, std::initializer_list<Arg> env = {});

// Parses stdout as exactly one JSON document; a null json (and a printed reason) if it is not.
nlohmann::json jsonOut(const CliResult &result);

// A new project at `project` holding the prompt "greet" with `version` saved as its version 1
// (message "first"); false, with the failing command's output printed, when a step fails.
bool createGreetProject(const QString &project, const nlohmann::json &version);

// A new empty project in `dir` ("p1.promptsmith", "p2.promptsmith", ... counted by `made`).
QString newEmptyProject(const QString &dir, int &made);

// In `project`, the fake provider at `baseUrl` ("fake") and four targets priced by the built-in
// catalogue: "answers" (gpt-4o-mini), "backup" (gpt-4o), "flaky" (fails at once, falls back to
// backup) and "broken" (context_length, no usage). False, with the output printed, on failure.
bool addFallbackTargets(const QString &project, const std::string &baseUrl);

// Writes `bytes` to `path`, creating it.
bool writeFile(const QString &path, const QByteArray &bytes);

// The sorted keys of a JSON object, to compare an output's shape with the contract.
QStringList keysOf(const nlohmann::json &object);

QString str(const nlohmann::json &value);
// Compact JSON text, so QCOMPARE can compare and print JSON values.
QString dumped(const nlohmann::json &value);

// A readable dump of a CLI run for failure messages.
QByteArray describe(const CliResult &result);

// The demo project evaluated once on echo over its tickets (`versions` as the columns), for
// suites whose cases each start from it: each case takes a copy instead of evaluating again
// (under the sanitizers, starting the CLI is what makes these suites slow).
class EvaluatedDemo
{
public:
    EvaluatedDemo();
    ~EvaluatedDemo();
    bool prepare(const QStringList &versions); // false, with the output printed, on failure
    // A fresh copy in `dir`; the run's id is the same in every copy.
    QString copyInto(const QString &dir) const;
    const QString &run() const { return m_run; }
    const QString &project() const { return m_project; } // to read, never to change

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    QString m_run;
};

// The CLI run on one project: each call adds --project.
class ProjectCli
{
public:
    explicit ProjectCli(QString project = {})
        : m_project(std::move(project))
    { }
    void setProject(const QString &project) { m_project = project; }
    const QString &project() const { return m_project; }
    CliResult in(const QStringList &args) const;
    // With --json; a null json (the run printed) when it fails.
    nlohmann::json inJson(const QStringList &args) const;
    // RUN:CASE:COLUMN of a `report --json` cell of run `runId`.
    static QString cellRef(const QString &runId, const nlohmann::json &cell);

private:
    QString m_project;
};

} // namespace ps::test

#include "cli_test_helpers.h"

#include "store/project.h"

#include <QDir>
#include <QFile>

#include <cstdio>

namespace ps::test {

QStringList argList(std::initializer_list<Arg> args)
{
    QStringList list;
    for (const Arg &arg : args)
        list << arg.value;
    return list;
}

CliResult cli(std::initializer_list<Arg> args, std::initializer_list<Arg> env)
{
    return runCli(argList(args), {}, argList(env));
}

nlohmann::json jsonOut(const CliResult &result)
{
    try {
        return nlohmann::json::parse(result.out.toStdString());
    } catch (const nlohmann::json::exception &error) {
        std::fprintf(stderr, "stdout is not one JSON document (%s):\n%s\n", error.what(),
            result.out.constData());
        return nullptr;
    }
}

EvaluatedDemo::EvaluatedDemo() = default;
EvaluatedDemo::~EvaluatedDemo() = default;

bool EvaluatedDemo::prepare(const QStringList &versions)
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_project = m_dir->filePath(QStringLiteral("demo.promptsmith"));
    const CliResult made = runCli({QStringLiteral("init"), m_project, QStringLiteral("--demo")});
    if (made.exitCode != 0) {
        std::fprintf(stderr, "%s\n", describe(made).constData());
        return false;
    }
    const CliResult evaluated = runCli(QStringList {QStringLiteral("--project"), m_project,
                                           QStringLiteral("--json"), QStringLiteral("eval")}
        + versions
        + QStringList {QStringLiteral("--dataset"), QStringLiteral("tickets"), QStringLiteral("--target"),
            QStringLiteral("echo")});
    const nlohmann::json document = jsonOut(evaluated);
    if ((evaluated.exitCode != 0 && evaluated.exitCode != 1) || !document.contains("run_id")) {
        std::fprintf(stderr, "%s\n", describe(evaluated).constData());
        return false;
    }
    m_run = QString::fromStdString(document["run_id"].get<std::string>());
    return true;
}

QString EvaluatedDemo::copyInto(const QString &dir) const
{
    const QString copy = QDir(dir).filePath(QStringLiteral("demo.promptsmith"));
    store::Project::open(m_project.toStdString(), store::ProjectAccess::Read).copyTo(copy.toStdString());
    return copy;
}

CliResult ProjectCli::in(const QStringList &args) const
{
    return runCli(QStringList {QStringLiteral("--project"), m_project} + args);
}

nlohmann::json ProjectCli::inJson(const QStringList &args) const
{
    const CliResult result = in(QStringList {QStringLiteral("--json")} + args);
    if (result.exitCode != 0)
        std::fprintf(stderr, "%s\n", describe(result).constData());
    return result.exitCode == 0 ? jsonOut(result) : nlohmann::json();
}

QString ProjectCli::cellRef(const QString &runId, const nlohmann::json &cell)
{
    return QStringLiteral("%1:%2:%3").arg(runId).arg(cell["case"].get<int>()).arg(
        QString::fromStdString(cell["column"].get<std::string>()));
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(bytes) == bytes.size();
}

QStringList keysOf(const nlohmann::json &object)
{
    QStringList keys;
    if (!object.is_object())
        return keys;
    for (const auto &item : object.items())
        keys << QString::fromStdString(item.key());
    keys.sort();
    return keys;
}

QString str(const nlohmann::json &value)
{
    return value.is_string() ? QString::fromStdString(value.get<std::string>())
                             : QString::fromStdString(value.dump());
}

QString dumped(const nlohmann::json &value)
{
    return QString::fromStdString(value.dump());
}

QByteArray describe(const CliResult &result)
{
    return "exit " + QByteArray::number(result.exitCode) + "\nstdout: " + result.out
        + "\nstderr: " + result.err;
}

namespace {

// Runs each command line in turn; false, with the failing one's output printed, at the first
// that fails.
bool runAll(std::initializer_list<QStringList> steps)
{
    for (const QStringList &args : steps) {
        const CliResult result = runCli(args);
        if (result.exitCode != 0) {
            qWarning("%s", describe(result).constData());
            return false;
        }
    }
    return true;
}

} // namespace

QString newEmptyProject(const QString &dir, int &made)
{
    const QString project = QDir(dir).filePath(QStringLiteral("p%1.promptsmith").arg(++made));
    const CliResult result = cli({"init", project});
    if (result.exitCode != 0)
        qWarning("%s", describe(result).constData());
    return project;
}

bool createGreetProject(const QString &project, const nlohmann::json &version)
{
    const QString content = project + QStringLiteral(".greet.json");
    if (!writeFile(content, QByteArray::fromStdString(version.dump())))
        return false;
    return runAll({
        argList({"init", project}),
        argList({"--project", project, "prompt", "add", "greet"}),
        argList(
            {"--project", project, "version", "save", "greet", "--from", content, "-m", "first"}),
    });
}

bool addFallbackTargets(const QString &project, const std::string &baseUrl)
{
    return runAll({
        argList({"--project", project, "provider", "add", "fake", "--kind", "openai-compatible",
            "--base-url", QString::fromStdString(baseUrl), "--timeout", "10"}),
        argList({"--project", project, "target", "add", "answers", "--provider", "fake", "--model",
            "gpt-4o-mini"}),
        argList({"--project", project, "target", "add", "backup", "--provider", "fake", "--model",
            "gpt-4o"}),
        argList({"--project", project, "target", "add", "flaky", "--provider", "fake", "--model",
            "fault:no-retry", "--fallback", "backup"}),
        argList({"--project", project, "target", "add", "broken", "--provider", "fake", "--model",
            "fault:context-length"}),
    });
}

} // namespace ps::test

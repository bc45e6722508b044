#include "cli_test_helpers.h"

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

bool createGreetProject(const QString &project, const nlohmann::json &version)
{
    const QString content = project + QStringLiteral(".greet.json");
    if (!writeFile(content, QByteArray::fromStdString(version.dump())))
        return false;
    const QStringList steps[] = {
        argList({"init", project}),
        argList({"--project", project, "prompt", "add", "greet"}),
        argList(
            {"--project", project, "version", "save", "greet", "--from", content, "-m", "first"}),
    };
    for (const QStringList &args : steps) {
        const CliResult result = runCli(args);
        if (result.exitCode != 0) {
            qWarning("%s", describe(result).constData());
            return false;
        }
    }
    return true;
}

} // namespace ps::test

#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// Shared helpers for the test suites: paths to test data and a way to run the CLI.
namespace ps::test {

// Absolute path of a file under tests/data.
QString dataPath(const QString &relative);

// Reads a whole file; empty if it cannot be read.
QByteArray readFile(const QString &path);

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs promptsmith-cli with `args` (and optional stdin), waiting up to 60 s.
CliResult runCli(const QStringList &args, const QByteArray &input = {},
                 const QStringList &extraEnv = {});

} // namespace ps::test

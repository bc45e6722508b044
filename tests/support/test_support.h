#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
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

// The configuration folder (XDG_CONFIG_HOME) every runCli() of this process gets: a temporary
// one, so provider approvals stay within the test.
QString configHome();

// The environment promptsmith-cli runs in: this process's, with configHome(), the author
// "tester", without PROMPTSMITH_PROJECT or PROMPTSMITH_TRUSTED_HOSTS, and `extraEnv`
// ("NAME=value") laid over.
QProcessEnvironment cliEnvironment(const QStringList &extraEnv = {});

// Runs promptsmith-cli with `args` (and optional stdin) in cliEnvironment(extraEnv), waiting up
// to 60 s.
CliResult runCli(
    const QStringList &args, const QByteArray &input = {}, const QStringList &extraEnv = {});

} // namespace ps::test

#pragma once

#include <QString>

// An npm package a test needs to check our files with a real tool (the Langfuse client,
// promptfoo): installed once under the build's npm-tools folder, or the reason it cannot be.
namespace ps::test {

struct NpmPackage
{
    QString nodeModules; // the folder holding node_modules/<name>; empty when not installed
    QString whyNot; // for QSKIP: what was tried and what npm said
};

// `spec` as npm takes it ("@langfuse/client@5"); `folder` names its own install folder. Installs
// when missing (npm, up to 5 minutes; a lock keeps parallel suites from installing it twice).
NpmPackage npmPackage(const QString &spec, const QString &folder);

// The machine's `node`, or empty.
QString nodeProgram();

} // namespace ps::test

#pragma once

#include "model/version_content.h"
#include "store/project.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>

#include <sqlite3.h>

#include <filesystem>
#include <optional>
#include <string>

// Helpers shared by the store suites: sample contents, raw SQLite access and error capture.
namespace ps::test {

inline QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

// A small valid content, different for every `seed`.
inline model::VersionContent sampleContent(int seed)
{
    model::VersionContent content;
    content.messages.push_back({"system", "You label support tickets. #" + std::to_string(seed), {},
        nlohmann::json::array(), {}});
    content.messages.push_back({"user", "{{ticket}}", {}, nlohmann::json::array(), {}});
    content.variables.push_back({"ticket", "", "the ticket text"});
    return content;
}

inline store::SaveRequest saveRequest(const std::string &prompt,
    const model::VersionContent &content, const std::string &message = "edit")
{
    store::SaveRequest request;
    request.promptName = prompt;
    request.content = content;
    request.message = message;
    request.author = "tester";
    return request;
}

// Runs `f` and returns the StoreError it threw, if any.
template<typename F>
std::optional<store::StoreError> storeErrorOf(F &&f)
{
    try {
        f();
    } catch (const store::StoreError &error) {
        return error;
    }
    return std::nullopt;
}

// Runs SQL through a plain SQLite connection, bypassing the store; returns the result code.
inline int rawExec(const std::string &path, const std::string &sql)
{
    sqlite3 *db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
}

// The first column of the first row of `sql`, as text ("" if none or on error).
inline std::string rawQuery(const std::string &path, const std::string &sql)
{
    sqlite3 *db = nullptr;
    std::string result;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK
            && sqlite3_step(statement) == SQLITE_ROW) {
            if (const auto *text = sqlite3_column_text(statement, 0))
                result = reinterpret_cast<const char *>(text);
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return result;
}

inline QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline QStringList entriesOf(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

} // namespace ps::test

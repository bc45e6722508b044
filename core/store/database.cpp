#include "store/database.h"

#include "store/store_error.h"

#include <sqlite3.h>

#include <set>
#include <stdexcept>

namespace ps::store {

namespace {

constexpr int kBusyTimeoutMs = 5000;

// Files some connection of this process found damaged. The next write to one, by any
// connection (the window reads and writes through different ones), first checks the file.
class DamagedFiles
{
public:
    void note(const std::filesystem::path &path)
    {
        const std::lock_guard guard(m_mutex);
        m_files.insert(key(path));
    }
    // Asked before every write transaction: nothing to resolve while no file was found damaged.
    bool contains(const std::filesystem::path &path)
    {
        const std::lock_guard guard(m_mutex);
        return !m_files.empty() && m_files.contains(key(path));
    }
    void forget(const std::filesystem::path &path)
    {
        const std::lock_guard guard(m_mutex);
        m_files.erase(key(path));
    }

private:
    static std::string key(const std::filesystem::path &path)
    {
        std::error_code error;
        const std::filesystem::path canonical = std::filesystem::weakly_canonical(path, error);
        return error ? path.string() : canonical.string();
    }
    std::mutex m_mutex;
    std::set<std::string> m_files;
};

DamagedFiles &damagedFiles()
{
    static DamagedFiles files;
    return files;
}

std::string reasonFor(sqlite3 *db, int rc)
{
    // The connection's message is more specific, but only if it belongs to this error.
    if (db && sqlite3_extended_errcode(db) == rc)
        return sqlite3_errmsg(db);
    return sqlite3_errstr(rc);
}

// file:PATH?immutable=1, with every byte a URI could misread percent-encoded.
std::string immutableUri(const std::string &path)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (const char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z')
            || (byte >= '0' && byte <= '9') || c == '/' || c == '.' || c == '-' || c == '_'
            || c == '~';
        if (plain) {
            uri += c;
        } else {
            uri += '%';
            uri += kHex[byte >> 4];
            uri += kHex[byte & 0x0f];
        }
    }
    return uri + "?immutable=1";
}

} // namespace

Database::Database(std::filesystem::path path, Mode mode)
    : m_path(std::move(path))
{
    int flags = (mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY)
        | SQLITE_OPEN_EXRESCODE;
    std::string name = m_path.string();
    if (mode == Mode::Immutable) {
        name = immutableUri(name);
        flags |= SQLITE_OPEN_URI;
    } else if (mode == Mode::Memory) {
        name = ":memory:";
        flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE;
    }
    const int rc = sqlite3_open_v2(name.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string reason = reasonFor(m_db, rc);
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        // Build the error by hand: raise() would read the closed connection.
        const int primary = rc & 0xff;
        if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
            damagedFiles().note(m_path);
            throw StoreError(StoreError::Kind::Damaged, m_path.string() + " is damaged: " + reason);
        }
        throw StoreError(StoreError::Kind::Io, "could not open " + m_path.string() + ": " + reason);
    }
    sqlite3_busy_timeout(m_db, kBusyTimeoutMs);
}

Database::~Database()
{
    for (const auto &[sql, statement] : m_cache)
        sqlite3_finalize(statement);
    sqlite3_close_v2(m_db);
}

sqlite3_stmt *Database::checkOut(std::string_view sql)
{
    if (const auto it = m_cache.find(std::string(sql)); it != m_cache.end()) {
        sqlite3_stmt *statement = it->second;
        m_cache.erase(it);
        return statement;
    }
    sqlite3_stmt *statement = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()),
        SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK)
        raise(rc, "read");
    return statement;
}

void Database::checkIn(std::string_view sql, sqlite3_stmt *statement)
{
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    // A second copy of the same SQL (nested use) is simply finalised.
    if (!m_cache.try_emplace(std::string(sql), statement).second)
        sqlite3_finalize(statement);
}

bool Database::isReadOnly() const
{
    return m_closedToWrites || sqlite3_db_readonly(m_db, "main") == 1;
}

void Database::closeToWrites()
{
    exec("PRAGMA query_only = ON");
    m_closedToWrites = true;
}

void Database::copyFrom(Database &source)
{
    sqlite3_backup *backup = sqlite3_backup_init(m_db, "main", source.m_db, "main");
    if (!backup)
        raise(sqlite3_errcode(m_db), "copy into");
    sqlite3_backup_step(backup, -1);
    // finish() reports the step's outcome: SQLITE_OK once every page was copied.
    const int rc = sqlite3_backup_finish(backup);
    if (rc != SQLITE_OK)
        source.raise(rc, "read");
}

void Database::raise(int rc, std::string_view doing) const
{
    const std::string where = m_path.string();
    const std::string reason = reasonFor(m_db, rc);
    switch (rc & 0xff) {
    case SQLITE_READONLY:
        throw StoreError(StoreError::Kind::Io,
            "could not " + std::string(doing) + " " + where
                + ": the project is read-only here (it was opened for reading only); copy it to "
                  "a folder you can write to, to change it");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        damagedFiles().note(m_path);
        throw StoreError(StoreError::Kind::Damaged, where + " is damaged: " + reason);
    case SQLITE_FULL:
        throw StoreError(StoreError::Kind::Io,
            "could not " + std::string(doing) + " " + where + ": the disk is full");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw StoreError(
            StoreError::Kind::Io, where + " is busy: another program is holding a lock on it");
    case SQLITE_CONSTRAINT:
        throw StoreError(StoreError::Kind::BadInput,
            "could not " + std::string(doing) + " " + where + ": " + reason);
    default:
        throw StoreError(
            StoreError::Kind::Io, "could not " + std::string(doing) + " " + where + ": " + reason);
    }
}

void Database::exec(std::string_view sql)
{
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        raise(rc, "write to");
}

std::int64_t Database::queryInt(std::string_view sql)
{
    Statement statement(*this, sql);
    return statement.step() ? statement.int64(0) : 0;
}

std::string Database::queryText(std::string_view sql)
{
    Statement statement(*this, sql);
    return statement.step() ? statement.text(0) : std::string();
}

std::int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

Statement::Statement(Database &db, std::string_view sql)
    : m_db(db)
    , m_sql(sql)
    , m_stmt(db.checkOut(sql))
{ }

Statement::~Statement()
{
    m_db.checkIn(m_sql, m_stmt);
}

Statement &Statement::bind(int index, std::int64_t value)
{
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK)
        m_db.raise(rc, "read");
    return *this;
}

Statement &Statement::bindReal(int index, double value)
{
    const int rc = sqlite3_bind_double(m_stmt, index, value);
    if (rc != SQLITE_OK)
        m_db.raise(rc, "read");
    return *this;
}

Statement &Statement::bind(int index, std::string_view value)
{
    const int rc = sqlite3_bind_text64(
        m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK)
        m_db.raise(rc, "read");
    return *this;
}

Statement &Statement::bindNull(int index)
{
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK)
        m_db.raise(rc, "read");
    return *this;
}

int Statement::parameter(const char *name) const
{
    const int index = sqlite3_bind_parameter_index(m_stmt, name);
    if (index == 0)
        throw std::logic_error(std::string("no parameter ") + name + " in: " + m_sql);
    return index;
}

Statement &Statement::bind(const char *name, std::int64_t value)
{
    return bind(parameter(name), value);
}

Statement &Statement::bind(const char *name, std::string_view value)
{
    return bind(parameter(name), value);
}

Statement &Statement::bindReal(const char *name, double value)
{
    return bindReal(parameter(name), value);
}

Statement &Statement::bindNull(const char *name)
{
    return bindNull(parameter(name));
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    m_db.raise(rc, sqlite3_stmt_readonly(m_stmt) ? "read" : "write to");
}

void Statement::run()
{
    while (step()) { }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

Statement &Statement::bindBlob(int index, std::string_view bytes)
{
    const int rc = sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        m_db.raise(rc, "read");
    return *this;
}

std::string Statement::blob(int column) const
{
    const auto *data = sqlite3_column_blob(m_stmt, column);
    const int size = sqlite3_column_bytes(m_stmt, column);
    return data ? std::string(static_cast<const char *>(data), static_cast<std::size_t>(size)) : std::string();
}

std::string Statement::text(int column) const
{
    const auto *data = sqlite3_column_text(m_stmt, column);
    const int size = sqlite3_column_bytes(m_stmt, column);
    return data ? std::string(reinterpret_cast<const char *>(data), static_cast<std::size_t>(size))
                : std::string();
}

int Statement::column(std::string_view name) const
{
    if (m_columnNames.empty()) {
        const int count = sqlite3_column_count(m_stmt);
        for (int i = 0; i < count; ++i) {
            const char *columnName = sqlite3_column_name(m_stmt, i);
            m_columnNames.emplace_back(columnName ? columnName : "");
        }
    }
    const std::size_t count = m_columnNames.size();
    for (std::size_t step = 0; step < count; ++step) {
        const std::size_t i = (m_lastColumn + step) % count;
        if (m_columnNames[i] == name) {
            m_lastColumn = i + 1;
            return static_cast<int>(i);
        }
    }
    throw std::logic_error("no column " + std::string(name) + " in: " + m_sql);
}

ReadTransaction::ReadTransaction(Database &db)
    : m_db(db)
{
    m_db.exec("BEGIN");
}

ReadTransaction::~ReadTransaction()
{
    // Ending a read-only transaction cannot lose anything, so errors are moot here.
    if (!sqlite3_get_autocommit(m_db.handle()))
        sqlite3_exec(m_db.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

void Database::checkBeforeWriting()
{
    if (!damagedFiles().contains(m_path))
        return;
    std::string verdict;
    try {
        verdict = queryText("PRAGMA quick_check(1)");
    } catch (const StoreError &error) {
        if (error.kind() != StoreError::Kind::Damaged)
            throw;
        verdict = "the check itself could not read it"; // the worst damage of all
    }
    if (verdict != "ok")
        throw StoreError(StoreError::Kind::Damaged,
            m_path.string() + " is damaged (" + verdict
                + "), so nothing more is written to it; restore it from a copy");
    damagedFiles().forget(m_path); // the damage was in a log since checkpointed, or repaired
}

Transaction::Transaction(Database &db)
    : m_db(db)
{
    m_db.checkBeforeWriting();
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    // A failed statement may already have ended the transaction; that is fine.
    if (m_open && !sqlite3_get_autocommit(m_db.handle()))
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_open = false;
}

} // namespace ps::store

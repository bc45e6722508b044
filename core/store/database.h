#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

// A small RAII wrapper over the SQLite C API; every failure becomes a StoreError naming the file.
namespace ps::store {

class Database
{
public:
    enum class Mode {
        ReadOnly,
        ReadWrite,
        Immutable, // read-only, no locks, no -wal/-shm: only for a file nobody else has open
        Memory, // a new, empty database in memory; `path` only names it in messages
    };

    // Opens an existing file (never creates one). Pragmas are the caller's business.
    Database(std::filesystem::path path, Mode mode);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    const std::filesystem::path &path() const { return m_path; }
    sqlite3 *handle() const { return m_db; }

    // Runs one or more statements that return no rows.
    void exec(std::string_view sql);
    // Runs a statement whose first row's first column is an integer (0 when no row).
    std::int64_t queryInt(std::string_view sql);
    // Opened for reading only (Mode::ReadOnly or Immutable, a file SQLite could not write, or
    // closed to writes).
    bool isReadOnly() const;
    // Once any connection of this process found the file damaged, checks the whole file
    // (quick_check) and throws Damaged rather than write into it; Transaction calls it.
    void checkBeforeWriting();
    // Every later write fails as on a read-only file (PRAGMA query_only).
    void closeToWrites();
    // Replaces this database's content with `source`'s (SQLite's online backup).
    void copyFrom(Database &source);
    std::string queryText(std::string_view sql);
    std::int64_t lastInsertId() const;
    // Rows changed by the last INSERT, UPDATE or DELETE.
    int changes() const;

    // Serialises the use of one connection by several threads.
    std::unique_lock<std::mutex> lock() { return std::unique_lock(m_mutex); }

    // Throws the StoreError matching an SQLite result code; `doing` completes
    // "could not ..." for the message.
    [[noreturn]] void raise(int rc, std::string_view doing) const;

private:
    friend class Statement;
    // Prepared statements are kept for reuse, keyed by their SQL: parsing costs more than
    // running most of the store's queries. A Statement checks one out and returns it.
    sqlite3_stmt *checkOut(std::string_view sql);
    void checkIn(std::string_view sql, sqlite3_stmt *statement);

    sqlite3 *m_db = nullptr;
    std::filesystem::path m_path;
    bool m_closedToWrites = false;
    std::mutex m_mutex;
    std::unordered_map<std::string, sqlite3_stmt *> m_cache;
};

// One prepared statement; bind indexes are 1-based, column indexes 0-based.
class Statement
{
public:
    Statement(Database &db, std::string_view sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, std::string_view value);
    Statement &bindReal(int index, double value); // named apart: bind(int) would be ambiguous
    Statement &bindBlob(int index, std::string_view bytes); // bytes, not text (images)
    Statement &bindNull(int index);
    // The same by the ":name" the SQL gives the value, so a long statement says what is where.
    Statement &bind(const char *name, std::int64_t value);
    Statement &bind(const char *name, std::string_view value);
    Statement &bindReal(const char *name, double value);
    Statement &bindNull(const char *name);

    // Advances to the next row: true when a row is ready, false when done.
    bool step();
    // Steps to completion (for INSERT, UPDATE, DELETE).
    void run();
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    int integer(int column) const { return static_cast<int>(int64(column)); }
    std::string text(int column) const;
    std::string blob(int column) const;
    double real(int column) const;
    // The index of the result column `name`, to read rows by name. A name the statement lacks
    // is a mistake in our SQL: std::logic_error.
    int column(std::string_view name) const;

private:
    int parameter(const char *name) const; // std::logic_error for a name the SQL lacks

    Database &m_db;
    std::string m_sql;
    sqlite3_stmt *m_stmt = nullptr;
    // Result column names, read once: a row read by name asks for each of its columns, and
    // asking SQLite for every name each time cost more than the reading.
    mutable std::vector<std::string> m_columnNames; // copies: SQLite may re-prepare on a step
    mutable std::size_t m_lastColumn = 0; // rows are read in column order: search on from here
};

// BEGIN (deferred) for a group of reads: they see one snapshot and lock the file once.
class ReadTransaction
{
public:
    explicit ReadTransaction(Database &db);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction &) = delete;
    ReadTransaction &operator=(const ReadTransaction &) = delete;

private:
    Database &m_db;
};

// BEGIN IMMEDIATE on construction; rolls back on destruction unless committed.
class Transaction
{
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    void commit();

private:
    Database &m_db;
    bool m_open = true;
};

} // namespace ps::store

#pragma once

#include "store/database.h"

#include <cstdint>
#include <filesystem>

// Tells whether a project file was changed by another connection (the CLI, another window,
// a writer thread) since it last looked: SQLite's data_version on a read-only connection of its
// own, which costs no read of the file's pages.
namespace ps::store {

class ChangeProbe
{
public:
    // Throws StoreError when the file cannot be opened.
    explicit ChangeProbe(const std::filesystem::path &path);

    // True when a commit from any other connection landed since the last call (or since the
    // probe was made). Throws StoreError when the file cannot be read any more.
    bool changed();

private:
    Database m_db;
    std::int64_t m_seen = 0;
};

} // namespace ps::store

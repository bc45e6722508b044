#pragma once

#include <filesystem>
#include <stdexcept>
#include <string_view>

// Writes a whole file so that a reader sees the old content or the new, never a mix: a crash, a
// full disk or a failed write leaves the file as it was.
namespace ps::util {

// Why a file could not be written; `what()` names the file and the system's reason.
class FileWriteError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over `path`
// (a symlink at `path` is replaced, never written through). `mode`: the permissions of a new
// file (an existing file keeps its own).
void writeFileAtomically(const std::filesystem::path &path, std::string_view bytes,
    std::filesystem::perms mode = std::filesystem::perms::owner_read
        | std::filesystem::perms::owner_write | std::filesystem::perms::group_read
        | std::filesystem::perms::others_read);

} // namespace ps::util

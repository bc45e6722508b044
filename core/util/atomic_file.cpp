#include "util/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace ps::util {

namespace {

[[noreturn]] void fail(const std::filesystem::path &path, const char *doing, int code)
{
    throw FileWriteError(
        "cannot write " + path.string() + " (" + doing + "): " + std::strerror(code));
}

} // namespace

void writeFileAtomically(
    const std::filesystem::path &path, std::string_view bytes, std::filesystem::perms mode)
{
    const std::filesystem::path directory
        = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string temporary = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
        fail(path, "creating a temporary file beside it", errno);

    // An existing file keeps its permissions; mkstemp made the new one 0600.
    struct stat existing
    {
    };
    const mode_t wanted = ::stat(path.c_str(), &existing) == 0 ? (existing.st_mode & 07777)
                                                               : static_cast<mode_t>(mode);
    const auto cleanUp = [&](const char *doing) {
        const int code = errno;
        ::close(fd);
        ::unlink(temporary.c_str());
        fail(path, doing, code);
    };
    if (::fchmod(fd, wanted) != 0)
        cleanUp("setting its permissions");
    for (std::size_t written = 0; written < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            cleanUp("writing");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        cleanUp("flushing to disk");
    if (::close(fd) != 0) {
        const int code = errno;
        ::unlink(temporary.c_str());
        fail(path, "closing", code);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int code = errno;
        ::unlink(temporary.c_str());
        fail(path, "renaming the temporary file into place", code);
    }
}

} // namespace ps::util

#include "secrets/machine_key.h"

#include "secrets/trust_store.h"

#include <openssl/rand.h>

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <unistd.h>

namespace ps::secrets {

namespace {

constexpr std::size_t kKeyBytes = 32;

std::string randomKey()
{
    std::array<unsigned char, kKeyBytes> bytes {};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("no random bytes from libcrypto");
    return std::string(bytes.begin(), bytes.end());
}

std::string readKey(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return key.size() == kKeyBytes ? key : std::string();
}

} // namespace

std::string machineKey(const providers::EnvLookup &env)
{
    const std::filesystem::path trustFile = TrustStore::defaultFile(env);
    if (trustFile.empty())
        return randomKey();
    const std::filesystem::path path = trustFile.parent_path() / "machine-key";
    if (std::string key = readKey(path); !key.empty())
        return key;
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    // Written to a temporary name and linked into place: a reader never sees half a key, and
    // of two processes creating it at once the second adopts the first's.
    const std::string key = randomKey();
    const std::string temporary = path.string() + ".new." + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return key;
    const bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size())
        && ::fsync(fd) == 0;
    ::close(fd);
    const bool linked = written && ::link(temporary.c_str(), path.c_str()) == 0;
    ::unlink(temporary.c_str());
    if (linked)
        return key;
    if (std::string existing = readKey(path); !existing.empty())
        return existing; // another process made it first
    return key;
}

} // namespace ps::secrets

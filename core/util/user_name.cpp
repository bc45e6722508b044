#include "util/user_name.h"

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace ps::util {

namespace {

std::string environment(const char *name)
{
    const char *value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

} // namespace

std::string defaultAuthor()
{
    if (std::string chosen = environment("PROMPTSMITH_AUTHOR"); !chosen.empty())
        return chosen;
    if (const passwd *entry = ::getpwuid(::geteuid()); entry && entry->pw_name && *entry->pw_name)
        return entry->pw_name;
    for (const char *name : {"LOGNAME", "USER"})
        if (std::string value = environment(name); !value.empty())
            return value;
    return "unknown";
}

} // namespace ps::util

#pragma once

#include <stdexcept>
#include <string>

// Why the store refused something; the message names the file or reference and the problem.
namespace ps::store {

class StoreError : public std::runtime_error
{
public:
    enum class Kind {
        NotAProject, // the file is not a Promptsmith project (or does not exist)
        Damaged, // truncated or corrupt
        TooNew, // written by a newer schema than this program knows
        AlreadyExists, // create() on an existing path, addPrompt() of an existing name
        NotFound, // unknown prompt or version number
        BadReference, // a REF that does not resolve, or is ambiguous
        BadInput, // invalid name, label, or content
        Io, // the disk refused (full, read-only, ...)
        Refused, // allowed only when asked again with force (removing a labelled prompt)
    };

    StoreError(Kind kind, const std::string &message)
        : std::runtime_error(message)
        , m_kind(kind)
    { }
    Kind kind() const { return m_kind; }

private:
    Kind m_kind;
};

// The kind's name as the CLI's JSON errors and the window's banners show it: "not_found", ...
const char *toString(StoreError::Kind kind);

} // namespace ps::store

#include "store/store_error.h"

namespace ps::store {

const char *toString(StoreError::Kind kind)
{
    using Kind = StoreError::Kind;
    switch (kind) {
    case Kind::NotAProject:
        return "not_a_project";
    case Kind::Damaged:
        return "damaged";
    case Kind::TooNew:
        return "too_new";
    case Kind::AlreadyExists:
        return "already_exists";
    case Kind::NotFound:
        return "not_found";
    case Kind::BadReference:
        return "bad_reference";
    case Kind::BadInput:
        return "bad_input";
    case Kind::Io:
        return "io";
    case Kind::Refused:
        return "refused";
    }
    return "store";
}

} // namespace ps::store

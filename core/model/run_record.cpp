#include "model/run_record.h"

namespace ps::model {

const char *toString(RunStatus status)
{
    switch (status) {
    case RunStatus::Running:
        return "running";
    case RunStatus::Complete:
        return "complete";
    case RunStatus::Cancelled:
        return "cancelled";
    case RunStatus::Incomplete:
        return "incomplete";
    }
    return "incomplete";
}

} // namespace ps::model

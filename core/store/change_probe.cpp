#include "store/change_probe.h"

namespace ps::store {

ChangeProbe::ChangeProbe(const std::filesystem::path &path)
    : m_db(path, Database::Mode::ReadOnly)
{
    m_db.exec("PRAGMA busy_timeout = 1000");
    m_seen = m_db.queryInt("PRAGMA data_version");
}

bool ChangeProbe::changed()
{
    const std::int64_t now = m_db.queryInt("PRAGMA data_version");
    const bool different = now != m_seen;
    m_seen = now;
    return different;
}

} // namespace ps::store

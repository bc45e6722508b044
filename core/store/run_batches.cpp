// RunStore's batches: what a batch evaluation handed to a provider, and whether it came back.

#include "store/database.h"
#include "store/run_store.h"
#include "store/store_error.h"
#include "store/version_queries.h"

namespace ps::store {

void RunStore::addBatch(const std::string &runId, const RunBatch &batch)
{
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement insert(m_db,
        "INSERT INTO run_batches (run_id, batch_id, target_id, cells, state, submitted) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, runId)
        .bind(2, batch.batchId)
        .bind(3, batch.targetId)
        .bind(4, batch.cells)
        .bind(5, batch.state)
        .bind(6, utcNow());
    insert.run();
    transaction.commit();
}

void RunStore::setBatchState(
    const std::string &runId, const std::string &batchId, const std::string &state)
{
    auto lock = m_db.lock();
    Transaction transaction(m_db);
    Statement update(m_db, "UPDATE run_batches SET state = ? WHERE run_id = ? AND batch_id = ?");
    update.bind(1, state).bind(2, runId).bind(3, batchId);
    update.run();
    if (m_db.changes() == 0)
        throw StoreError(StoreError::Kind::NotFound,
            "run '" + runId + "' has no batch '" + batchId + "'");
    transaction.commit();
}

std::vector<RunBatch> RunStore::batches(const std::string &runId) const
{
    auto lock = m_db.lock();
    ReadTransaction snapshot(m_db);
    Statement query(m_db,
        "SELECT batch_id, target_id, cells, state, submitted FROM run_batches WHERE run_id = ? "
        "ORDER BY submitted, rowid");
    query.bind(1, runId);
    std::vector<RunBatch> batches;
    while (query.step())
        batches.push_back({query.text(0), query.text(1), query.integer(2), query.text(3),
            query.text(4)});
    return batches;
}

} // namespace ps::store

#pragma once
// The appeal follow-up tables (photos, evaluation links) and ledger reads (events by id, pending
// extension requests, possible duplicates) in portable SQL over storage::Database. The returned
// object borrows `db`, which must outlive it. Thread-safe (Database is).
#include <memory>

#include "domain/appeals/followup_repository.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

std::unique_ptr<appeals::FollowupRepository> MakeSqlFollowupRepository(Database& db);

}  // namespace wangge::storage

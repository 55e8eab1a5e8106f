#pragma once
// The appeals ledger in portable SQL over storage::Database (SQLite and PostgreSQL). The returned
// object borrows `db`, which must outlive it. Thread-safe (Database is).
#include <memory>

#include "domain/appeals/appeal_repository.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

std::unique_ptr<appeals::AppealRepository> MakeSqlAppealRepository(Database& db);

}  // namespace wangge::storage

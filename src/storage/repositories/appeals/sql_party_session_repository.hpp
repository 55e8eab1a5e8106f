#pragma once
// Party-day sessions in portable SQL over storage::Database (SQLite and PostgreSQL). Reads appeals
// and ledger events with the appeal repository's column lists; never writes them. The returned
// object borrows `db`, which must outlive it. Thread-safe (Database is).
#include <memory>

#include "domain/appeals/party_session_repository.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

std::unique_ptr<appeals::PartySessionRepository> MakeSqlPartySessionRepository(Database& db);

}  // namespace wangge::storage

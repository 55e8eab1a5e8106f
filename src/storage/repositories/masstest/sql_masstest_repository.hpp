#pragma once
// Mass testing in portable SQL over storage::Database (SQLite and PostgreSQL). The returned object
// borrows `db`, which must outlive it. Thread-safe (Database is).
#include <memory>

#include "domain/masstest/masstest_repository.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

std::unique_ptr<masstest::MassTestRepository> MakeSqlMassTestRepository(Database& db);

}  // namespace wangge::storage

#pragma once
// The mass-testing follow-up repositories (sample points, field teams and door tasks, lab results with
// traces, re-tests and alerts) in portable SQL over storage::Database (SQLite and PostgreSQL). Each
// returned object borrows `db`, which must outlive it. Thread-safe (Database is).
#include <memory>

#include "domain/masstest/followup_repository.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

std::unique_ptr<masstest::SamplePointRepository> MakeSqlSamplePointRepository(Database& db);
std::unique_ptr<masstest::FieldTaskRepository> MakeSqlFieldTaskRepository(Database& db);
std::unique_ptr<masstest::LabRepository> MakeSqlLabRepository(Database& db);

}  // namespace wangge::storage

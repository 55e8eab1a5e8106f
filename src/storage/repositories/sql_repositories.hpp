#pragma once
// The repositories, written once in portable SQL over storage::Database (SQLite and PostgreSQL).
// Each returned object borrows `db`, which must outlive it. Thread-safe (Database is).
#include <memory>

#include "domain/auth/auth_repository.hpp"
#include "domain/registry/registry_repository.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

std::unique_ptr<registry::RegistryRepository> MakeSqlRegistryRepository(Database& db);
std::unique_ptr<auth::AuthRepository> MakeSqlAuthRepository(Database& db);

}  // namespace wangge::storage

#include "storage/sqlite/sqlite_database.hpp"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/write_scope.hpp"

namespace wangge::storage {
namespace {

using sqlite::Role;
using sqlite::SqliteConnection;

class SqliteDatabase final : public Database {
public:
    SqliteDatabase(std::unique_ptr<SqliteConnection> writer, std::vector<std::unique_ptr<SqliteConnection>> readers)
        : writer_(std::move(writer)), readers_(std::move(readers)) {
        for (auto& reader : readers_) idle_.push_back(reader.get());
    }

    ~SqliteDatabase() override {
        // Keeps the query planner's statistics fresh at little cost (SQLite's advice for long-lived
        // connections); failures do not matter here.
        (void)writer_->ExecScript("PRAGMA optimize");
    }

    Backend backend() const override { return Backend::kSqlite; }

    Status Read(const std::function<Status(Connection&)>& fn) override {
        SqliteConnection* conn = nullptr;
        {
            std::unique_lock lock(pool_mutex_);
            idle_cv_.wait(lock, [&] { return !idle_.empty(); });
            conn = idle_.back();
            idle_.pop_back();
        }
        // Returned on every exit, exceptions included.
        struct Return {
            SqliteDatabase* db;
            SqliteConnection* conn;
            ~Return() {
                {
                    std::lock_guard lock(db->pool_mutex_);
                    db->idle_.push_back(conn);
                }
                db->idle_cv_.notify_one();
            }
        } give_back{this, conn};
        return fn(*conn);
    }

    Status Write(const std::function<Status(Connection&)>& fn) override {
        if (internal::WriteScope::Inside(this)) return internal::WriteScope::NestedError();
        const internal::WriteScope scope(this);
        std::lock_guard lock(write_mutex_);
        WANGGE_CHECK(writer_->Begin());
        // Rolls back unless committed, so an exception from fn cannot leave the transaction open.
        struct Guard {
            SqliteConnection* conn;
            bool done = false;
            ~Guard() {
                if (!done) conn->Rollback();
            }
        } guard{writer_.get()};
        WANGGE_CHECK(fn(*writer_));
        WANGGE_CHECK(writer_->Commit());
        guard.done = true;
        return {};
    }

private:
    std::mutex write_mutex_;  // serialises Write(): SQLite has one writer per file anyway
    std::unique_ptr<SqliteConnection> writer_;

    std::mutex pool_mutex_;
    std::condition_variable idle_cv_;
    std::vector<std::unique_ptr<SqliteConnection>> readers_;  // owns every reader
    std::vector<SqliteConnection*> idle_;                      // guarded by pool_mutex_
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path, const DatabaseOptions& options) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(parent, ec);
        if (ec) return Fail(ErrorCode::kUnavailable, "sqlite: cannot create " + parent.string() + ": " + ec.message());
    }
    // The writer goes first: it creates the file and turns on WAL, which the readers rely on.
    WANGGE_TRY(writer, SqliteConnection::Open(path, Role::kWriter, options));
    std::vector<std::unique_ptr<SqliteConnection>> readers;
    for (int i = 0; i < std::max(1, options.readers); ++i) {
        WANGGE_TRY(reader, SqliteConnection::Open(path, Role::kReader, options));
        readers.push_back(std::move(reader));
    }
    return std::make_unique<SqliteDatabase>(std::move(writer), std::move(readers));
}

}  // namespace wangge::storage

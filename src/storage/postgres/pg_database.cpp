#include "storage/postgres/pg_database.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "storage/postgres/pg_connection.hpp"
#include "storage/write_scope.hpp"

namespace wangge::storage {
namespace {

using postgres::PgConnection;

class PgDatabase final : public Database {
public:
    explicit PgDatabase(std::vector<std::unique_ptr<PgConnection>> pool) : idle_(std::move(pool)) {}

    Backend backend() const override { return Backend::kPostgres; }

    Status Read(const std::function<Status(Connection&)>& fn) override {
        WANGGE_TRY(lease, Borrow());
        return fn(*lease.conn);
    }

    Status Write(const std::function<Status(Connection&)>& fn) override {
        if (internal::WriteScope::Inside(this)) return internal::WriteScope::NestedError();
        const internal::WriteScope scope(this);
        WANGGE_TRY(lease, Borrow());
        PgConnection& conn = *lease.conn;
        if (auto begun = conn.Begin(); !begun) {
            // A connection that died while idle (server restart) is noticed only now; nothing
            // has run yet, so one reconnect and retry is safe.
            if (!conn.Broken()) return begun;
            WANGGE_CHECK(conn.Reconnect());
            WANGGE_CHECK(conn.Begin());
        }
        // Rolls back unless committed, so an exception from fn cannot leave the transaction open.
        struct Guard {
            PgConnection& conn;
            bool done = false;
            ~Guard() {
                if (!done) conn.Rollback();
            }
        } guard{conn};
        WANGGE_CHECK(fn(conn));
        WANGGE_CHECK(conn.Commit());
        guard.done = true;
        return {};
    }

private:
    // A borrowed connection, handed back to the pool when destroyed.
    struct Lease {
        PgDatabase* db = nullptr;
        std::unique_ptr<PgConnection> conn;
        Lease(PgDatabase* owner, std::unique_ptr<PgConnection> c) : db(owner), conn(std::move(c)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (conn) db->GiveBack(std::move(conn));
        }
    };

    Result<Lease> Borrow() {
        std::unique_ptr<PgConnection> conn;
        {
            std::unique_lock lock(mutex_);
            idle_cv_.wait(lock, [&] { return !idle_.empty(); });
            conn = std::move(idle_.back());
            idle_.pop_back();
        }
        Lease lease(this, std::move(conn));
        if (lease.conn->Broken()) WANGGE_CHECK(lease.conn->Reconnect());
        return lease;
    }

    void GiveBack(std::unique_ptr<PgConnection> conn) {
        {
            std::lock_guard lock(mutex_);
            idle_.push_back(std::move(conn));
        }
        idle_cv_.notify_one();
    }

    std::mutex mutex_;
    std::condition_variable idle_cv_;
    std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mutex_
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& dsn, const DatabaseOptions& options) {
    std::vector<std::unique_ptr<PgConnection>> pool;
    for (int i = 0; i < std::max(1, options.readers); ++i) {
        WANGGE_TRY(conn, PgConnection::Open(dsn));
        pool.push_back(std::move(conn));
    }
    return std::make_unique<PgDatabase>(std::move(pool));
}

}  // namespace wangge::storage

#include "storage/sqlite/sqlite_database.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
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
    SqliteDatabase(std::string path, bool synchronous_full, std::unique_ptr<SqliteConnection> writer,
                   std::vector<std::unique_ptr<SqliteConnection>> readers)
        : path_(std::move(path)),
          synchronous_full_(synchronous_full),
          writer_(std::move(writer)),
          readers_(std::move(readers)) {
        for (auto& reader : readers_) idle_.push_back(reader.get());
    }

    ~SqliteDatabase() override {
        // Keeps the query planner's statistics fresh at little cost (SQLite's advice for long-lived
        // connections); failures do not matter here.
        (void)writer_->ExecScript("PRAGMA optimize");
        if (log_fd_ >= 0) ::close(log_fd_);
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

    Status Write(const std::function<Status(Connection&)>& fn) override { return WriteWith(fn, false); }

    Status WriteSyncLater(const std::function<Status(Connection&)>& fn) override { return WriteWith(fn, true); }

    // In WAL mode a commit under synchronous=FULL is its frames appended to the log, then one fsync
    // of the log; under NORMAL the same without the fsync (SQLite still syncs the log before a
    // checkpoint copies it into the database, and a restarted log's header). fdatasync of the log's
    // inode after the commit returned is therefore that fsync, done later: it covers every frame
    // written before it. Our own descriptor of the log, since the writer connection may be busy in
    // another thread; the inode is checked on each call (the log is deleted and made anew only when
    // every connection has closed it).
    Status SyncCommitted() override {
        std::lock_guard lock(sync_mutex_);
        const std::string log = path_ + "-wal";
        struct stat now {};
        if (::stat(log.c_str(), &now) != 0) {
            if (errno != ENOENT) return SyncError("stat " + log);
            // No log: everything committed has been checkpointed into the database file.
            const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) return SyncError("open " + path_);
            const int rc = ::fdatasync(fd);
            ::close(fd);
            if (rc != 0) return SyncError("fdatasync " + path_);
            return {};
        }
        if (log_fd_ < 0 || log_inode_ != now.st_ino || log_device_ != now.st_dev) {
            if (log_fd_ >= 0) ::close(log_fd_);
            log_fd_ = ::open(log.c_str(), O_RDONLY | O_CLOEXEC);
            if (log_fd_ < 0) return SyncError("open " + log);
            log_inode_ = now.st_ino;
            log_device_ = now.st_dev;
        }
        if (::fdatasync(log_fd_) != 0) return SyncError("fdatasync " + log);
        return {};
    }

private:
    static Status SyncError(const std::string& what) {
        return Fail(ErrorCode::kUnavailable, "sqlite: " + what + ": " + std::strerror(errno));
    }

    // Sets the writer's synchronous level for the next transaction (only outside one, SQLite's rule):
    // NORMAL while commits are synced later, FULL otherwise. Unchanged when opened with NORMAL.
    Status SetSyncLater(bool later) {
        if (!synchronous_full_ || later == sync_later_) return {};
        WANGGE_CHECK(writer_->ExecScript(later ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL"));
        sync_later_ = later;
        return {};
    }

    Status WriteWith(const std::function<Status(Connection&)>& fn, bool sync_later) {
        if (internal::WriteScope::Inside(this)) return internal::WriteScope::NestedError();
        const internal::WriteScope scope(this);
        std::lock_guard lock(write_mutex_);
        WANGGE_CHECK(SetSyncLater(sync_later));
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

    const std::string path_;
    const bool synchronous_full_;  // DatabaseOptions::synchronous_full
    std::mutex write_mutex_;       // serialises Write(): SQLite has one writer per file anyway
    std::unique_ptr<SqliteConnection> writer_;
    bool sync_later_ = false;  // the writer is at synchronous=NORMAL for WriteSyncLater; guarded by write_mutex_

    std::mutex sync_mutex_;  // guards the log's descriptor
    int log_fd_ = -1;
    ino_t log_inode_ = 0;
    dev_t log_device_ = 0;

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
    return std::make_unique<SqliteDatabase>(path, options.synchronous_full, std::move(writer), std::move(readers));
}

}  // namespace wangge::storage

#include "storage/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>

#include "storage/bulk_insert_shape.hpp"

namespace wangge::storage::postgres {
namespace {

// COPY data is sent in pieces of about this size: large enough to amortise the calls, small
// enough to keep the buffer modest.
constexpr std::size_t kCopyChunkBytes = 1 << 20;

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

ResultPtr Wrap(PGresult* res) { return ResultPtr(res, &PQclear); }

std::string Trimmed(const char* message) {
    std::string out = message ? message : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

// Maps a failed result (or, with res == nullptr, a failed call) to the error catalogue.
Error ToError(PGconn* conn, const PGresult* res) {
    std::string message = "postgres: " + Trimmed(res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
    if (PQstatus(conn) == CONNECTION_BAD) return MakeError(ErrorCode::kUnavailable, std::move(message));
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view sqlstate = state ? state : "";
    if (sqlstate == "23505") return MakeError(ErrorCode::kAlreadyExists, std::move(message));
    if (sqlstate == "40001" || sqlstate == "40P01") return MakeError(ErrorCode::kAborted, std::move(message));
    // Connection exceptions and server shutdowns: the caller may retry on a fresh connection.
    if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) {
        return MakeError(ErrorCode::kUnavailable, std::move(message));
    }
    return MakeError(ErrorCode::kInternal, std::move(message));
}

bool Succeeded(const PGresult* res) {
    const ExecStatusType status = PQresultStatus(res);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

std::string QuoteIdentifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

// Appends an int64 or double in a form PostgreSQL's input functions read back exactly
// (to_chars gives the shortest round-tripping decimal).
template <typename Number>
void AppendNumber(std::string& out, Number value) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end);
}

// COPY text format: backslash, tab, newline and CR are escaped; everything else goes as is.
void AppendCopyText(std::string& out, std::string_view text) {
    std::size_t start = 0;
    for (;;) {
        const std::size_t special = text.find_first_of("\\\t\n\r", start);
        out.append(text.substr(start, special - start));
        if (special == std::string_view::npos) return;
        switch (text[special]) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            default: out += "\\r"; break;
        }
        start = special + 1;
    }
}

void IgnoreNotice(void*, const char*) {}

class PgRow final : public Row {
public:
    explicit PgRow(const PGresult* res) : res_(res) {}
    void set_row(int row) { row_ = row; }

    int ColumnCount() const override { return PQnfields(res_); }
    bool IsNull(int col) const override { return col < 0 || col >= PQnfields(res_) || PQgetisnull(res_, row_, col); }
    std::int64_t Int(int col) const override { return Parse<std::int64_t>(col); }
    double Double(int col) const override { return Parse<double>(col); }
    std::string Text(int col) const override {
        if (IsNull(col)) return {};
        return std::string(PQgetvalue(res_, row_, col), static_cast<std::size_t>(PQgetlength(res_, row_, col)));
    }

private:
    template <typename Number>
    Number Parse(int col) const {
        if (IsNull(col)) return 0;
        const char* text = PQgetvalue(res_, row_, col);
        const char* end = text + PQgetlength(res_, row_, col);
        Number value{};
        // A boolean reads as 0/1, as it does on SQLite (e.g. SELECT EXISTS(…)).
        if (std::from_chars(text, end, value).ec != std::errc()) return *text == 't' ? 1 : 0;
        return value;
    }

    const PGresult* res_;
    int row_ = 0;
};

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& dsn) {
    // `dsn` is expanded in place of dbname; keywords after it override it, those before it are
    // defaults it may override.
    const char* keywords[] = {"connect_timeout", "dbname", "client_encoding", "fallback_application_name", nullptr};
    const char* values[] = {"10", dsn.c_str(), "UTF8", "wangge", nullptr};
    std::unique_ptr<PgConnection> conn(new PgConnection(PQconnectdbParams(keywords, values, 1)));
    if (!conn->conn_) return Fail(ErrorCode::kUnavailable, "postgres: out of memory");
    if (PQstatus(conn->conn_) != CONNECTION_OK) {
        return Fail(ErrorCode::kUnavailable, "postgres: cannot connect: " + Trimmed(PQerrorMessage(conn->conn_)));
    }
    // Notices ("relation already exists, skipping") would otherwise go to stderr.
    PQsetNoticeProcessor(conn->conn_, IgnoreNotice, nullptr);
    return conn;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::Broken() const { return needs_reset_ || PQstatus(conn_) != CONNECTION_OK; }

Status PgConnection::Reconnect() {
    prepared_.clear();
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
        return Fail(ErrorCode::kUnavailable, "postgres: cannot reconnect: " + Trimmed(PQerrorMessage(conn_)));
    }
    needs_reset_ = false;
    return {};
}

Result<const std::string*> PgConnection::PreparedName(std::string_view sql) {
    if (auto found = prepared_.find(sql); found != prepared_.end()) return &found->second;
    std::string name = "w" + std::to_string(next_statement_++);
    auto res = Wrap(PQprepare(conn_, name.c_str(), std::string(sql).c_str(), 0, nullptr));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) return Fail(ToError(conn_, res.get()));
    return &prepared_.emplace(std::string(sql), std::move(name)).first->second;
}

Result<std::int64_t> PgConnection::Exec(std::string_view sql, const Params& params, const RowFn& on_row) {
    WANGGE_TRY(name, PreparedName(sql));
    std::vector<std::string> numbers(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (const auto* v = std::get_if<std::int64_t>(&params[i])) {
            AppendNumber(numbers[i], *v);
            values[i] = numbers[i].c_str();
        } else if (const auto* d = std::get_if<double>(&params[i])) {
            AppendNumber(numbers[i], *d);
            values[i] = numbers[i].c_str();
        } else if (const auto* s = std::get_if<std::string>(&params[i])) {
            // Sent NUL-terminated: an embedded NUL would silently cut the text short.
            if (s->find('\0') != std::string::npos) {
                return Fail(ErrorCode::kInvalidArgument, "postgres: text parameter $" + std::to_string(i + 1) +
                                                             " contains a NUL character");
            }
            values[i] = s->c_str();
        }
    }
    auto res = Wrap(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()), values.data(), nullptr,
                                   nullptr, 0));
    if (!res || !Succeeded(res.get())) return Fail(ToError(conn_, res.get()));
    if (on_row) {
        PgRow row(res.get());
        for (int r = 0, n = PQntuples(res.get()); r < n; ++r) {
            row.set_row(r);
            on_row(row);
        }
    }
    // PQcmdTuples also counts the rows a SELECT returned; the interface promises rows changed.
    if (std::strncmp(PQcmdStatus(res.get()), "SELECT", 6) == 0) return 0;
    const char* affected = PQcmdTuples(res.get());
    std::int64_t count = 0;
    std::from_chars(affected, affected + std::strlen(affected), count);
    return count;
}

Status PgConnection::ExecScript(std::string_view sql) {
    auto res = Wrap(PQexec(conn_, std::string(sql).c_str()));
    if (!res || !Succeeded(res.get())) return Fail(ToError(conn_, res.get()));
    return {};
}

Status PgConnection::FinishCopy(const char* abort_reason) {
    if (PQputCopyEnd(conn_, abort_reason) != 1) {
        needs_reset_ = true;
        return Fail(ToError(conn_, nullptr));
    }
    Status status;
    while (PGresult* raw = PQgetResult(conn_)) {
        auto res = Wrap(raw);
        if (status && PQresultStatus(raw) != PGRES_COMMAND_OK) status = Fail(ToError(conn_, raw));
    }
    return status;
}

Status PgConnection::BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                                const std::vector<Params>& rows) {
    if (PQtransactionStatus(conn_) != PQTRANS_INTRANS && PQtransactionStatus(conn_) != PQTRANS_INERROR) {
        return Fail(ErrorCode::kInternal, "BulkInsert must run inside Write()");
    }
    WANGGE_CHECK(CheckBulkInsertShape(columns, rows));
    if (rows.empty()) return {};

    std::string sql = "COPY " + QuoteIdentifier(table) + " (";
    for (std::size_t c = 0; c < columns.size(); ++c) sql += (c ? ", " : "") + QuoteIdentifier(columns[c]);
    sql += ") FROM STDIN";
    auto start = Wrap(PQexec(conn_, sql.c_str()));
    if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) return Fail(ToError(conn_, start.get()));

    std::string buffer;
    buffer.reserve(kCopyChunkBytes + 64 * 1024);
    for (const Params& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c) buffer += '\t';
            if (const auto* v = std::get_if<std::int64_t>(&row[c])) {
                AppendNumber(buffer, *v);
            } else if (const auto* d = std::get_if<double>(&row[c])) {
                AppendNumber(buffer, *d);
            } else if (const auto* s = std::get_if<std::string>(&row[c])) {
                AppendCopyText(buffer, *s);
            } else {
                buffer += "\\N";
            }
        }
        buffer += '\n';
        if (buffer.size() >= kCopyChunkBytes) {
            if (PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
                Error error = ToError(conn_, nullptr);
                (void)FinishCopy("send failed");
                return Fail(std::move(error));
            }
            buffer.clear();
        }
    }
    if (!buffer.empty() && PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
        Error error = ToError(conn_, nullptr);
        (void)FinishCopy("send failed");
        return Fail(std::move(error));
    }
    return FinishCopy(nullptr);
}

Status PgConnection::Begin() { return ExecScript("BEGIN"); }

Status PgConnection::Commit() {
    auto res = Wrap(PQexec(conn_, "COMMIT"));
    if (!res || !Succeeded(res.get())) return Fail(ToError(conn_, res.get()));
    // COMMIT of a failed transaction "succeeds" with status ROLLBACK.
    if (std::strcmp(PQcmdStatus(res.get()), "COMMIT") != 0) {
        return Fail(ErrorCode::kInternal, "postgres: transaction rolled back: a statement in it failed");
    }
    return {};
}

void PgConnection::Rollback() {
    switch (PQtransactionStatus(conn_)) {
        case PQTRANS_INTRANS:
        case PQTRANS_INERROR:
            (void)ExecScript("ROLLBACK");
            break;
        case PQTRANS_ACTIVE:  // left mid-command (an exception during COPY): unusable as is
            needs_reset_ = true;
            break;
        default:
            break;
    }
}

}  // namespace wangge::storage::postgres

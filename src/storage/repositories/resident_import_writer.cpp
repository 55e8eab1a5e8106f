#include "storage/repositories/resident_import_writer.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "domain/registry/area.hpp"
#include "domain/registry/import/csv_reader.hpp"
#include "domain/registry/import/header_map.hpp"
#include "storage/repositories/resident_import_batch.hpp"

namespace wangge::storage {
namespace {

using namespace registry::import;

constexpr std::int64_t kRowsPerTransaction = 10'000;
constexpr std::int64_t kProgressEvery = 1'000;

constexpr std::string_view kSelectBuilding = "SELECT id, path, level FROM areas WHERE code = $1";

const std::string kBuildingRefused =
    "楼栋编码不存在或不在您的管辖范围内 (no building with this code within your scope)";
const std::string kResidentOutOfScope =
    "该居民已登记在您的管辖范围之外，请联系其所在社区办理迁移 (the resident is registered outside your scope)";

void AddError(ImportReport& report, const ImportOptions& options, RowError error) {
    ++report.error_count;
    if (report.errors.size() < options.max_errors) report.errors.push_back(std::move(error));
}

// The first 17 digits of a valid ID number as an integer: the 18th follows from them.
std::uint64_t IdKey(const std::string& id_number) { return std::stoull(id_number.substr(0, 17)); }

// One pass over the file: decoded, CSV-split, header mapped.
class RowStream {
  public:
    static Result<RowStream> Open(const ImportSource& source, Encoding encoding) {
        WANGGE_TRY(raw, source.Open());
        WANGGE_TRY(decoded, Decode(std::move(raw), encoding));
        RowStream s;
        s.encoding_ = decoded.encoding;
        s.source_ = std::move(decoded.source);
        s.reader_ = std::make_unique<CsvReader>(*s.source_);
        return s;
    }
    // The header row, or an empty vector for an empty file.
    Result<std::vector<std::string>> Header() {
        std::vector<std::string> fields;
        WANGGE_TRY(more, reader_->Next(fields));
        if (!more) fields.clear();
        return fields;
    }
    Result<bool> Next(std::vector<std::string>& fields) { return reader_->Next(fields); }
    std::int64_t line() const { return reader_->record_line(); }
    std::int64_t bytes() const { return reader_->bytes_read(); }
    Encoding encoding() const { return encoding_; }

  private:
    Encoding encoding_ = Encoding::kUtf8;
    std::unique_ptr<ByteSource> source_;
    std::unique_ptr<CsvReader> reader_;
};

struct Building {
    std::int64_t id = 0;  // 0: refused (unknown, not a building, or outside the scope)
    std::string path;
};

// Building codes resolved once each; a city has ~100,000 buildings, so all of them fit.
class BuildingCache {
  public:
    BuildingCache(Database& db, std::string scope) : db_(db), scope_(std::move(scope)) {}
    Result<const Building*> Find(const std::string& code) {
        if (auto it = cache_.find(code); it != cache_.end()) return &it->second;
        Building b;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kSelectBuilding, {code}, [&](const Row& row) {
                if (row.Text(2) == "building" && registry::PathWithin(row.Text(1), scope_)) {
                    b.id = row.Int(0);
                    b.path = row.Text(1);
                }
            }));
            return {};
        }));
        return &cache_.emplace(code, std::move(b)).first->second;
    }

  private:
    Database& db_;
    std::string scope_;
    std::unordered_map<std::string, Building> cache_;
};

class Importer {
  public:
    Importer(Database& db, const ImportSource& source, const ImportOptions& options, const ImportProgressFn& progress)
        : db_(db), source_(source), options_(options), progress_(progress), buildings_(db, options.scope_path) {}

    Result<ImportReport> Run() {
        WANGGE_CHECK(Validate());
        if (report_.status == ImportStatus::kSucceeded && !duplicate_keys_.empty()) WANGGE_CHECK(FindDuplicateLines());
        if (report_.error_count > 0 && options_.skip_invalid == SkipInvalid::kNo)
            report_.status = ImportStatus::kFailed;
        if (report_.status == ImportStatus::kSucceeded) WANGGE_CHECK(Write());
        return Finish();
    }

  private:
    // Parses a record and resolves its building; nullopt when either fails (errors appended to
    // `errors` when given).
    Result<std::optional<ResolvedRow>> Resolve(const std::vector<std::string>& fields, std::int64_t line,
                                               std::vector<RowError>* errors) {
        std::vector<RowError> scratch;
        auto row = ParseRow(header_, fields, line, options_.today, errors ? *errors : scratch);
        if (!row) return std::optional<ResolvedRow>();
        WANGGE_TRY(building, buildings_.Find(row->building_code));
        if (building->id == 0) {
            if (errors) errors->push_back({line, header_.LabelOf(Column::kBuildingCode), kBuildingRefused});
            return std::optional<ResolvedRow>();
        }
        return std::optional<ResolvedRow>(ResolvedRow{std::move(*row), building->id, building->path});
    }

    Result<RowStream> OpenWithHeader() {
        WANGGE_TRY(stream, RowStream::Open(source_, options_.encoding));
        WANGGE_TRY(header, stream.Header());
        report_.encoding = stream.encoding();
        if (header.empty()) {
            AddError(report_, options_, {0, "", "文件为空，没有表头 (the file is empty)"});
            report_.status = ImportStatus::kFailed;
            return stream;
        }
        std::vector<RowError> errors;
        auto map = MapHeader(header, errors);
        for (auto& e : errors) AddError(report_, options_, std::move(e));
        if (!map) {
            report_.status = ImportStatus::kFailed;
            return stream;
        }
        header_ = *map;
        return stream;
    }

    void Progress(ImportPhase phase, std::int64_t done, std::int64_t total) {
        if (progress_) progress_({phase, total > 0 ? std::min(done, total) : done, total});
    }

    // Pass 1: every row checked; nothing written.
    Status Validate() {
        WANGGE_TRY(stream, OpenWithHeader());
        if (report_.status == ImportStatus::kFailed) return {};
        std::vector<std::string> fields;
        std::vector<std::uint64_t> keys;
        std::vector<std::pair<std::string, std::int64_t>> pending;  // ID number, line
        auto check_stored = [&]() -> Status {
            std::vector<std::string> ids;
            for (const auto& p : pending) ids.push_back(p.first);
            std::unordered_set<std::string> outside;
            WANGGE_CHECK(db_.Read([&](Connection& c) {
                return FindResidentPaths(c, ids, [&](const std::string& id, const std::string& path) {
                    if (!registry::PathWithin(path, options_.scope_path)) outside.insert(id);
                });
            }));
            for (const auto& [id, line] : pending)
                if (outside.count(id)) {
                    AddError(report_, options_, {line, header_.LabelOf(Column::kIdNumber), kResidentOutOfScope});
                    refused_lines_.insert(line);
                }
            pending.clear();
            return {};
        };
        for (;;) {
            WANGGE_TRY(more, stream.Next(fields));
            if (!more) break;
            ++report_.total;
            std::vector<RowError> errors;
            WANGGE_TRY(row, Resolve(fields, stream.line(), &errors));
            for (auto& e : errors) AddError(report_, options_, std::move(e));
            if (row) {
                keys.push_back(IdKey(row->row.resident.id_number));
                pending.emplace_back(row->row.resident.id_number, row->row.line);
                if (pending.size() == kImportBatchRows) WANGGE_CHECK(check_stored());
            }
            if (report_.total % kProgressEvery == 0) Progress(ImportPhase::kValidating, stream.bytes(), source_.size());
        }
        WANGGE_CHECK(check_stored());
        Progress(ImportPhase::kValidating, source_.size(), source_.size());
        std::sort(keys.begin(), keys.end());
        for (std::size_t i = 1; i < keys.size(); ++i)
            if (keys[i] == keys[i - 1]) duplicate_keys_.insert(keys[i]);
        return {};
    }

    // Only when an ID number repeats: which lines, so that each repeat is reported against the first.
    Status FindDuplicateLines() {
        WANGGE_TRY(stream, OpenWithHeader());
        std::vector<std::string> fields;
        for (;;) {
            WANGGE_TRY(more, stream.Next(fields));
            if (!more) return {};
            WANGGE_TRY(row, Resolve(fields, stream.line(), nullptr));
            if (!row) continue;
            const std::uint64_t key = IdKey(row->row.resident.id_number);
            if (!duplicate_keys_.count(key)) continue;
            auto [first, inserted] = first_line_.try_emplace(key, row->row.line);
            if (!inserted)
                AddError(report_, options_,
                         {row->row.line, header_.LabelOf(Column::kIdNumber),
                          "身份证号与第" + std::to_string(first->second) + "行重复 (the ID number repeats line " +
                              std::to_string(first->second) + ")"});
        }
    }

    // Pass 2: the good rows, in transactions of kRowsPerTransaction.
    Status Write() {
        WANGGE_TRY(stream, OpenWithHeader());
        const std::string id_label = header_.LabelOf(Column::kIdNumber);
        std::vector<std::string> fields;
        std::int64_t read = 0;
        bool done = false;
        while (!done) {
            WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
                ImportTransaction tx(c, options_, report_);
                std::vector<ResolvedRow> batch;
                for (std::int64_t in_tx = 0; in_tx < kRowsPerTransaction;) {
                    WANGGE_TRY(more, stream.Next(fields));
                    if (!more) {
                        done = true;
                        break;
                    }
                    if (++read % kProgressEvery == 0) Progress(ImportPhase::kWriting, read, report_.total);
                    WANGGE_TRY(row, Resolve(fields, stream.line(), nullptr));
                    if (!row || refused_lines_.count(row->row.line)) continue;
                    if (auto first = first_line_.find(IdKey(row->row.resident.id_number));
                        first != first_line_.end() && first->second != row->row.line)
                        continue;
                    batch.push_back(std::move(*row));
                    ++in_tx;
                    if (batch.size() == kImportBatchRows) {
                        WANGGE_CHECK(tx.WriteBatch(batch, id_label));
                        batch.clear();
                    }
                }
                WANGGE_CHECK(tx.WriteBatch(batch, id_label));
                return tx.Finish();
            }));
        }
        Progress(ImportPhase::kWriting, report_.total, report_.total);
        return {};
    }

    ImportReport Finish() {
        std::stable_sort(report_.errors.begin(), report_.errors.end(),
                         [](const RowError& a, const RowError& b) { return a.line < b.line; });
        report_.processed = report_.inserted + report_.updated + report_.unchanged;
        report_.skipped = report_.total - report_.processed;
        return std::move(report_);
    }

    Database& db_;
    const ImportSource& source_;
    const ImportOptions& options_;
    const ImportProgressFn& progress_;
    BuildingCache buildings_;
    ImportReport report_;
    HeaderMap header_;
    std::unordered_set<std::uint64_t> duplicate_keys_;
    std::unordered_map<std::uint64_t, std::int64_t> first_line_;  // of each duplicated key
    std::unordered_set<std::int64_t> refused_lines_;              // residents registered outside the scope
};

}  // namespace

ImportSource ImportSource::File(std::string path) {
    ImportSource s;
    s.is_file_ = true;
    s.path_ = std::move(path);
    return s;
}

ImportSource ImportSource::Memory(std::string_view body) {
    ImportSource s;
    s.body_ = body;
    return s;
}

Result<std::unique_ptr<ByteSource>> ImportSource::Open() const {
    if (is_file_) return OpenFileSource(path_);
    return MakeMemorySource(body_);
}

std::int64_t ImportSource::size() const {
    if (!is_file_) return static_cast<std::int64_t>(body_.size());
    struct stat st {};
    return ::stat(path_.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : 0;
}

Result<ImportReport> ImportResidents(Database& db, const ImportSource& source, const ImportOptions& options,
                                     const ImportProgressFn& progress) {
    ImportOptions effective = options;
    // Paths end with '/': without it "/1/2" would also admit "/1/23/".
    if (!effective.scope_path.ends_with('/')) effective.scope_path += '/';
    Importer importer(db, source, effective, progress);
    return importer.Run();
}

}  // namespace wangge::storage

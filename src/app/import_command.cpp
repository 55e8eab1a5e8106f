#include <cstdio>

#include "app/cli/progress_bar.hpp"
#include "app/commands.hpp"
#include "domain/registry/resident.hpp"
#include "storage/repositories/resident_import_writer.hpp"

namespace wangge::app {

using namespace registry::import;

int RunImport(const ImportCommandOptions& options) {
    auto encoding = ParseEncoding(options.encoding);
    if (!encoding) return PrintError(MakeError(ErrorCode::kInvalidArgument, "unknown encoding", "encoding"));
    auto db = OpenMigrated(ResolveDatabaseUrl(options.db));
    if (!db) return PrintError(db.error());
    SystemClock clock;
    ImportOptions import;
    import.encoding = *encoding;
    import.skip_invalid = options.skip_invalid ? SkipInvalid::kYes : SkipInvalid::kNo;
    import.scope_path = "/";  // the command line is the operator's: the whole registry
    import.now = clock.Now();
    import.today = registry::CivilDateFromMillis(import.now);

    cli::ProgressBar validating("校验 (validating)", "B");
    cli::ProgressBar writing("写入 (writing)", "行");
    auto report = storage::ImportResidents(**db, storage::ImportSource::File(options.file), import,
                                           [&](const ImportProgress& p) {
                                               if (p.phase == ImportPhase::kValidating) {
                                                   validating.Update(p.done, p.total);
                                               } else {
                                                   validating.Finish();
                                                   writing.Update(p.done, p.total);
                                               }
                                           });
    validating.Finish();
    writing.Finish();
    if (!report) return PrintError(report.error());
    for (const auto& e : report->errors)
        std::fprintf(stderr, "line %lld, %s: %s\n", static_cast<long long>(e.line), e.column.c_str(),
                     e.reason.c_str());
    if (report->error_count > static_cast<std::int64_t>(report->errors.size()))
        std::fprintf(stderr, "… and %lld more errors\n",
                     static_cast<long long>(report->error_count - static_cast<std::int64_t>(report->errors.size())));
    std::printf("%s: %lld rows (%s), %lld inserted, %lld updated, %lld unchanged, %lld skipped, %lld errors\n",
                report->status == ImportStatus::kSucceeded ? "imported" : "NOT imported (nothing was written)",
                static_cast<long long>(report->total), std::string(EncodingName(report->encoding)).c_str(),
                static_cast<long long>(report->inserted), static_cast<long long>(report->updated),
                static_cast<long long>(report->unchanged), static_cast<long long>(report->skipped),
                static_cast<long long>(report->error_count));
    return report->status == ImportStatus::kSucceeded ? 0 : 3;
}

}  // namespace wangge::app

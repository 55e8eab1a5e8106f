#include "api/import_jobs.hpp"
#include "api/routes.hpp"

namespace wangge::api {

using namespace registry::import;

void RegisterImportRoutes(http::Router& router, ApiContext& ctx, ImportJobs& jobs) {
    router.Add(http::Method::kPost, "/api/v1/imports",
               Authed(ctx, [&jobs](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   auto encoding = ParseEncoding(req.Query("encoding").value_or("auto"));
                   if (!encoding)
                       return Fail(ErrorCode::kInvalidArgument, "编码应为 auto、utf-8 或 gbk (unknown encoding)",
                                   "encoding");
                   auto skip = req.Query("skip_invalid").value_or("false");
                   auto skip_invalid = skip == "true" || skip == "1" ? SkipInvalid::kYes : SkipInvalid::kNo;
                   WANGGE_TRY(id, jobs.Start(caller, std::move(req.body), *encoding, skip_invalid));
                   return Ok({{"id", id}}, 202);
               }));

    router.Add(http::Method::kGet, "/api/v1/imports/{id}",
               Authed(ctx, [&jobs](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(job, jobs.Get(caller, req.params["id"]));
                   const auto& r = job.report;
                   json errors = json::array();
                   for (const auto& e : r.errors)
                       errors.push_back({{"line", e.line}, {"column", e.column}, {"reason", e.reason}});
                   return Ok({{"id", job.id},
                              {"status", job.status},
                              {"phase", job.phase},
                              {"progress", job.progress},
                              {"message", job.message},
                              {"encoding", EncodingName(r.encoding)},
                              {"total", r.total},
                              {"processed", r.processed},
                              {"inserted", r.inserted},
                              {"updated", r.updated},
                              {"unchanged", r.unchanged},
                              {"skipped", r.skipped},
                              {"households_created", r.households_created},
                              {"error_count", r.error_count},
                              {"errors", std::move(errors)}});
               }));
}

}  // namespace wangge::api

#pragma once
// A progress display for long CLI jobs (seed, import): on a terminal, one redrawn line with a
// bar, count, rate and ETA; otherwise (a log file, CI) a plain line every few seconds.
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

namespace wangge::cli {

enum class ProgressStyle { kAuto, kBar, kLines };

class ProgressBar {
  public:
    // `label` names the job ("导入居民"), `unit` what is counted ("行"). Writes to `out`; kAuto
    // draws a bar when `out` is a terminal. `now_seconds` is a seam for tests (monotonic seconds).
    ProgressBar(std::string label, std::string unit, std::FILE* out = stderr,
                ProgressStyle style = ProgressStyle::kAuto, std::function<double()> now_seconds = {});

    // Reports `done` of `total` (total 0: unknown). Redraws at most 10 times a second on a
    // terminal; prints a line at most every 5 seconds otherwise. Not thread-safe.
    void Update(std::int64_t done, std::int64_t total);
    // Draws the final state and ends the line. Idempotent.
    void Finish();

  private:
    void Draw(bool final);

    std::string label_, unit_;
    std::FILE* out_;
    bool bar_;
    std::function<double()> now_;
    double start_ = 0, last_draw_ = -1e9;
    std::int64_t done_ = 0, total_ = 0;
    bool finished_ = false;
};

// "1:02:03" for an hour or more, "3:04" otherwise, "--:--" for an unknown (negative) time.
std::string FormatDuration(double seconds);
// "12.3万" style counts are harder to scan in a column; counts are grouped: "9,000,000".
std::string FormatCount(std::int64_t n);
// The text of one progress line, without the bar: "导入居民 1,234/10,000 行 12% 5,000 行/秒 剩余 0:02".
std::string FormatProgress(const std::string& label, const std::string& unit, std::int64_t done, std::int64_t total,
                           double elapsed_seconds);

}  // namespace wangge::cli

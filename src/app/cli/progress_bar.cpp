#include "app/cli/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace wangge::cli {
namespace {

constexpr int kBarWidth = 24;
constexpr double kTerminalInterval = 0.1;
constexpr double kLineInterval = 5.0;

double SteadySeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string FormatDuration(double seconds) {
    if (seconds < 0 || !std::isfinite(seconds)) return "--:--";
    auto s = static_cast<std::int64_t>(seconds + 0.5);
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                      static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    return buf;
}

std::string FormatCount(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return n < 0 ? "-" + out : out;
}

std::string FormatProgress(const std::string& label, const std::string& unit, std::int64_t done, std::int64_t total,
                           double elapsed) {
    std::string line = label + " " + FormatCount(done);
    if (total > 0) line += "/" + FormatCount(total);
    line += " " + unit;
    if (total > 0) line += " " + std::to_string(std::min<std::int64_t>(100, done * 100 / total)) + "%";
    const double rate = elapsed > 0 ? done / elapsed : 0;
    line += " " + FormatCount(static_cast<std::int64_t>(rate)) + " " + unit + "/秒";
    if (total > 0) line += " 剩余 " + FormatDuration(rate > 0 ? std::max<std::int64_t>(0, total - done) / rate : -1);
    line += " 用时 " + FormatDuration(elapsed);
    return line;
}

ProgressBar::ProgressBar(std::string label, std::string unit, std::FILE* out, ProgressStyle style,
                         std::function<double()> now_seconds)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      out_(out),
      bar_(style == ProgressStyle::kBar || (style == ProgressStyle::kAuto && ::isatty(::fileno(out)))),
      now_(now_seconds ? std::move(now_seconds) : SteadySeconds) {
    start_ = now_();
}

void ProgressBar::Update(std::int64_t done, std::int64_t total) {
    done_ = done;
    total_ = total;
    const double t = now_();
    if (t - last_draw_ < (bar_ ? kTerminalInterval : kLineInterval)) return;
    last_draw_ = t;
    Draw(false);
}

void ProgressBar::Finish() {
    if (finished_) return;
    finished_ = true;
    Draw(true);
}

void ProgressBar::Draw(bool final) {
    std::string text = FormatProgress(label_, unit_, done_, total_, now_() - start_);
    if (!bar_) {
        std::fprintf(out_, "%s\n", text.c_str());
    } else {
        std::string bar;
        const int filled =
            total_ > 0 ? static_cast<int>(std::min<std::int64_t>(done_, total_) * kBarWidth / total_) : 0;
        for (int i = 0; i < kBarWidth; ++i) bar += i < filled ? "█" : "░";
        // \r and erase-to-end-of-line redraw in place.
        std::fprintf(out_, "\r%s %s\x1b[K%s", bar.c_str(), text.c_str(), final ? "\n" : "");
    }
    std::fflush(out_);
}

}  // namespace wangge::cli

// Durability of acknowledged scans: runs the real `wangge serve` on a temporary SQLite database,
// fires single scans and batches at it from several threads, kills it with SIGKILL while scans are in flight,
// starts it again on the same file and checks that every scan the server had acknowledged is there
// (its retry answers "replayed, accepted") and that the kept counters equal the stored scans.
// No timing: the kill happens once enough acknowledgements have arrived, whenever that is.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "domain/auth/auth_service.hpp"
#include "http/testing/http_client.hpp"
#include "storage/migrations.hpp"
#include "storage/repositories/sql_repositories.hpp"
#include "storage/testing/test_areas.hpp"

namespace wangge::api {
namespace {

using nlohmann::json;
using registry::AreaLevel;

constexpr const char* kPassword = "crash-test-password";
constexpr int kHouseholds = 60;
constexpr int kPerHousehold = 20;
constexpr std::size_t kAcksBeforeKill = 150;
constexpr int kSenders = 4;

// A `wangge serve` child process on a free port.
class ServerProcess {
  public:
    explicit ServerProcess(const std::string& url) {
        int out[2];
        if (pipe(out) != 0) return;
        pid_ = fork();
        if (pid_ == 0) {
            dup2(out[1], STDOUT_FILENO);
            close(out[0]);
            close(out[1]);
            execl(WANGGE_BINARY, "wangge", "serve", "--db", url.c_str(), "--port", "0", "--web", "/nonexistent",
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        // "wangge is serving … on http://127.0.0.1:PORT/"
        FILE* in = fdopen(out[0], "r");
        char line[512];
        while (in && std::fgets(line, sizeof line, in)) {
            std::string text(line);
            auto at = text.rfind(':');
            if (text.find("is serving") != std::string::npos && at != std::string::npos) {
                port_ = static_cast<std::uint16_t>(std::stoi(text.substr(at + 1)));
                break;
            }
        }
        // Keep reading (and dropping) its output so the child never blocks on a full pipe.
        reader_ = std::thread([in] {
            char buffer[512];
            while (in && std::fgets(buffer, sizeof buffer, in)) {
            }
            if (in) std::fclose(in);
        });
    }

    ~ServerProcess() { Kill(); }

    std::uint16_t port() const { return port_; }

    void Kill() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            int status = 0;
            waitpid(pid_, &status, 0);
            pid_ = -1;
        }
        if (reader_.joinable()) reader_.join();
    }

  private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    std::thread reader_;
};

std::unique_ptr<http::testing::HttpClient> Login(std::uint16_t port, const std::string& user) {
    auto client = std::make_unique<http::testing::HttpClient>(port);
    auto r = client->Post("/api/v1/session", json{{"username", user}, {"password", kPassword}}.dump());
    EXPECT_EQ(r.status, 200) << r.body << r.error;
    return client;
}

std::string IdNumber(int n) {
    char body[32];
    std::snprintf(body, sizeof body, "210702%04d0101%03d", 1940 + n % 60, n % 1000);
    return std::string(body) + IdNumberCheckChar(body);
}

class ScanCrashTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char dir_template[] = "/tmp/wangge-crash-XXXXXX";
        ASSERT_NE(mkdtemp(dir_template), nullptr);
        dir_ = dir_template;
        url_ = "sqlite:" + dir_ + "/wangge.db";
        storage::DatabaseOptions options;
        options.synchronous_full = false;  // set-up only: the server opens it with its own settings
        auto db = storage::OpenDatabase(url_, options);
        ASSERT_TRUE(db) << db.error().message;
        ASSERT_TRUE(storage::Migrate(**db));
        auto registry = storage::MakeSqlRegistryRepository(**db);
        auto auth_repo = storage::MakeSqlAuthRepository(**db);
        SystemClock clock;
        auth::AuthService auth(*auth_repo, clock);
        auto district =
            storage::testing::CreateTestArea(*registry, std::nullopt, "210702", "古塔区", AreaLevel::kDistrict);
        auto street =
            storage::testing::CreateTestArea(*registry, district.id, "210702004", "敬业街道", AreaLevel::kStreet);
        community_ =
            storage::testing::CreateTestArea(*registry, street.id, "210702004002", "新铁社区", AreaLevel::kCommunity);
        auto building = storage::testing::CreateTestArea(*registry, community_.id, "21070200400201001", "1号楼",
                                                         AreaLevel::kBuilding);
        int n = 0;
        for (int h = 0; h < kHouseholds; ++h) {
            registry::Household home;
            home.building_id = building.id;
            home.path = building.path;
            home.room = std::to_string(101 + h);
            auto made = registry->CreateHousehold(home);
            ASSERT_TRUE(made) << made.error().message;
            for (int i = 0; i < kPerHousehold; ++i, ++n) {
                registry::ResidentDraft d;
                d.name = "居民" + std::to_string(n);
                d.id_number = IdNumber(n);
                auto r = registry::ValidateResident(d, CivilDate{2022, 4, 1});
                ASSERT_TRUE(r) << r.error().message;
                r->household_id = made->id;
                r->path = made->path;
                auto stored = registry->CreateResident(*r, std::nullopt);
                ASSERT_TRUE(stored) << stored.error().message;
                residents_.push_back(stored->id);
            }
        }
        ASSERT_TRUE(auth.AddUser("boss", "指挥部", auth::Role::kDistrictOfficer, district.id, kPassword));
        ASSERT_TRUE(auth.AddUser("sampler", "采样员", auth::Role::kSampler, community_.id, kPassword));
    }

    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    std::string dir_, url_;
    registry::Area community_;
    std::vector<std::int64_t> residents_;
};

TEST_F(ScanCrashTest, EveryAcknowledgedScanSurvivesKill9) {
    auto server = std::make_unique<ServerProcess>(url_);
    ASSERT_NE(server->port(), 0) << "wangge serve did not start: " << WANGGE_BINARY;
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    auto boss = Login(server->port(), "boss");
    auto created = boss->Post("/api/v1/mass-testing/rounds", json{{"name", "崩溃测试"},
                                                                  {"area_ids", {community_.id}},
                                                                  {"starts_at", now - 3600'000},
                                                                  {"ends_at", now + 86'400'000},
                                                                  {"pool_size", 20},
                                                                  {"activate", true}}
                                                                 .dump());
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string base =
        "/api/v1/mass-testing/rounds/" + std::to_string(json::parse(created.body)["id"].get<int>());

    // What the server acknowledged: client id → the scan request, to retry after the restart.
    std::mutex mutex;
    std::condition_variable cv;
    std::map<std::string, json> acked;
    int senders_done = 0;
    std::string last_failure;  // why a sender stopped (a dead server, after the kill)
    // Several samplers at once, so that the kill finds groups of requests sharing one commit. Each takes
    // its own slice of the residents and its own tubes.
    // Every sampler logs in before any scan goes out: a login still running when the kill comes would fail.
    std::vector<std::unique_ptr<http::testing::HttpClient>> samplers;
    for (int k = 0; k < kSenders; ++k) samplers.push_back(Login(server->port(), "sampler"));
    auto send = [&](int k) {
        auto& sampler = samplers[k];
        std::size_t next = residents_.size() * k / kSenders;
        const std::size_t end = residents_.size() * (k + 1) / kSenders;
        for (int tube = 0; next < end; ++tube) {
            const std::string code = "C" + std::to_string(k) + "-" + std::to_string(tube);
            std::vector<json> scans;
            for (int i = 0; i < 20 && next < end; ++i, ++next)
                scans.push_back(
                    {{"client_id", "s" + std::to_string(next)}, {"tube", code}, {"resident_id", residents_[next]}});
            std::vector<std::string> done;
            if (tube % 3 == 2) {  // every third tube comes as one offline batch
                json items = json::array({{{"op", "open"}, {"tube", code}}});
                for (const auto& s : scans) items.push_back(s);
                auto r = sampler->Post(base + "/scans/batch", json{{"items", items}}.dump());
                if (r.status != 200) {
                    std::lock_guard lock(mutex);
                    last_failure = std::to_string(r.status) + " " + r.body + r.error;
                    break;
                }
                auto results = json::parse(r.body)["items"];
                for (std::size_t i = 1; i < results.size(); ++i)
                    if (results[i]["outcome"] == "accepted") done.push_back(scans[i - 1]["client_id"]);
            } else {
                auto opened = sampler->Post(base + "/tubes", json{{"code", code}}.dump());
                if (opened.status != 201) {
                    std::lock_guard lock(mutex);
                    last_failure = std::to_string(opened.status) + " " + opened.body + opened.error;
                    break;
                }
                bool alive = true;
                for (const auto& s : scans) {
                    auto r = sampler->Post(base + "/scans", s.dump());
                    if (r.status != 201) {
                        std::lock_guard lock(mutex);
                        last_failure = std::to_string(r.status) + " " + r.body + r.error;
                        alive = false;
                        break;
                    }
                    std::lock_guard lock(mutex);
                    acked[s["client_id"]] = s;
                    cv.notify_all();
                }
                if (!alive) break;
            }
            std::lock_guard lock(mutex);
            for (const auto& id : done)
                for (const auto& s : scans)
                    if (s["client_id"] == id) acked[id] = s;
            cv.notify_all();
        }
        std::lock_guard lock(mutex);
        ++senders_done;
        cv.notify_all();
    };
    std::vector<std::thread> senders;
    for (int k = 0; k < kSenders; ++k) senders.emplace_back(send, k);
    {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return senders_done == kSenders || acked.size() >= kAcksBeforeKill; });
    }
    server->Kill();  // SIGKILL while the senders are mid-ingest
    for (auto& sender : senders) sender.join();
    ASSERT_GE(acked.size(), kAcksBeforeKill) << "the sender stopped before the kill: " << last_failure;
    ASSERT_LT(acked.size(), residents_.size()) << "the kill came after the last scan: nothing was in flight";

    server = std::make_unique<ServerProcess>(url_);
    ASSERT_NE(server->port(), 0);
    auto sampler = Login(server->port(), "sampler");
    for (const auto& [id, scan] : acked) {
        auto r = sampler->Post(base + "/scans", scan.dump());
        ASSERT_EQ(r.status, 200) << id << ": " << r.body;
        auto body = json::parse(r.body);
        EXPECT_EQ(body["outcome"], "accepted") << id;
        EXPECT_EQ(body["replayed"], true) << id;
    }

    // The kept counters equal what was stored: no scan without its count, no count without its scan.
    auto db = storage::OpenDatabase(url_);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE((*db)->Read([&](storage::Connection& c) -> Status {
        WANGGE_TRY(scans, storage::QueryInt(c, "SELECT count(*) FROM scans"));
        WANGGE_TRY(sampled,
                   storage::QueryInt(c, "SELECT sampled FROM round_coverage WHERE area_id = $1", {community_.id}));
        WANGGE_TRY(in_tubes, storage::QueryInt(c, "SELECT coalesce(sum(scan_count), 0) FROM tubes"));
        EXPECT_GE(scans, static_cast<std::int64_t>(acked.size()));
        EXPECT_EQ(sampled, scans);
        EXPECT_EQ(in_tubes, scans);
        return {};
    }));
}

}  // namespace
}  // namespace wangge::api

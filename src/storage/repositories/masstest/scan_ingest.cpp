#include "storage/repositories/masstest/scan_ingest.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "domain/masstest/scan_rules.hpp"
#include "storage/repositories/masstest/masstest_rows.hpp"
#include "storage/repositories/masstest/scan_ingest_sql.hpp"

namespace wangge::storage::masstest_sql {
namespace {

struct StoredAccept {
    int tube_seq = 0;
    std::int64_t resident_id = 0;
    std::string tube_code, name, id_number;
};

struct StoredRefusal {
    RefusalReason reason = RefusalReason::kUnknownTube;
    std::string message;
    std::optional<std::int64_t> resident_id;
    std::string tube_code;
};

struct TubeSlot {
    Tube tube;
    bool dirty = false;
    bool is_new = false;  // opened in this ingest: inserted at the end, id 0 until then
};

class Ingest {
  public:
    Ingest(Connection& c, const Round& round, const std::vector<const Sampler*>& samplers,
           const std::vector<PreparedOp>& ops, EpochMillis now)
        : c_(c), round_(round), samplers_(samplers), ops_(ops), now_(now) {}

    Result<std::vector<OpResult>> Run() {
        WANGGE_CHECK(LoadStatus());
        WANGGE_CHECK(LoadStored());
        WANGGE_CHECK(LoadTubes());
        WANGGE_CHECK(LoadPeople());
        results_.reserve(ops_.size());
        done_.reserve(ops_.size());
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            sampler_ = samplers_[i];
            WANGGE_TRY(result, Apply(ops_[i]));
            // A scan's first outcome in this ingest answers its repeats here.
            if (result.op == OpKind::kScan) done_.emplace(ops_[i].op.client_id, results_.size());
            results_.push_back(std::move(result));
        }
        WANGGE_CHECK(Write());
        // Tubes opened here got their ids in Write().
        for (auto& r : results_)
            if (r.tube && r.tube->id == 0) r.tube->id = tubes_[r.tube->code].tube.id;
        return std::move(results_);
    }

  private:
    // One read per sampler of the ingest (usually one): the round's status and the sampler's point.
    Status LoadStatus() {
        std::string status;
        for (const Sampler* sampler : samplers_) {
            if (point_ids_.contains(sampler->user_id)) continue;
            auto r = c_.Exec(kSelectStatus, {round_.id, sampler->user_id}, [&](const Row& row) {
                status = row.Text(0);
                point_ids_[sampler->user_id] = OptionalInt(row, 1);
            });
            if (!r) return Fail(r.error());
            if (status.empty()) return Fail(ErrorCode::kNotFound, "检测轮次不存在 (round not found)");
        }
        status_ = ParseRoundStatus(status).value_or(RoundStatus::kClosed);
        return {};
    }

    Status LoadStored() {
        std::vector<Value> ids;
        std::unordered_set<std::string_view> seen;  // views into ops_
        seen.reserve(ops_.size());
        for (const auto& p : ops_)
            if (p.op.op == OpKind::kScan && seen.insert(p.op.client_id).second) ids.emplace_back(p.op.client_id);
        const Backend b = c_.backend();
        return QueryIn(
            c_, [b](std::size_t n) { return StoredSql(b, n); }, round_.id, ids,
            [&](const Row& row) {
                if (row.Int(0) == 0)
                    stored_accepts_[row.Text(1)] =
                        StoredAccept{static_cast<int>(row.Int(2)), row.Int(3), row.Text(4), row.Text(5), row.Text(6)};
                else
                    stored_refusals_[row.Text(1)] =
                        StoredRefusal{ParseRefusalReason(row.Text(5)).value_or(RefusalReason::kUnknownTube),
                                      row.Text(6), OptionalInt(row, 3), row.Text(4)};
            });
    }

    Status LoadTubes() {
        std::vector<Value> codes;
        std::unordered_set<std::string_view> seen;  // views into ops_ and stored_accepts_
        for (const auto& p : ops_)
            if (seen.insert(p.op.tube_code).second) codes.emplace_back(p.op.tube_code);
        for (const auto& [id, a] : stored_accepts_)
            if (seen.insert(a.tube_code).second) codes.emplace_back(a.tube_code);
        const Backend b = c_.backend();
        return QueryIn(
            c_, [b](std::size_t n) { return TubesSql(b, n); }, round_.id, codes,
            [&](const Row& row) {
                Tube t = ReadTube(row);
                if (t.round_id != round_.id) {
                    other_round_.insert(std::move(t.code));
                    return;
                }
                std::string code = t.code;
                tubes_[std::move(code)] = TubeSlot{std::move(t), false};
            });
    }

    Status LoadPeople() {
        std::vector<Value> ids, numbers;
        std::unordered_set<std::int64_t> seen_ids;
        std::unordered_set<std::string> seen_numbers;
        seen_ids.reserve(ops_.size());
        for (const auto& p : ops_) {
            if (p.op.op != OpKind::kScan || p.refusal) continue;
            if (p.resident_id && seen_ids.insert(*p.resident_id).second) ids.emplace_back(*p.resident_id);
            if (!p.id_number.empty() && seen_numbers.insert(p.id_number).second) numbers.emplace_back(p.id_number);
        }
        people_.reserve(ids.size() + numbers.size());
        auto read = [&](const Row& row) {
            PersonFacts f;
            f.resident_id = row.Int(0);
            f.household_id = row.Int(1);
            f.building_id = row.Int(2);
            f.path = row.Text(3);
            f.tags = static_cast<registry::TagSet>(row.Int(4));
            f.name = row.Text(5);
            f.id_number = row.Text(6);
            if (!row.IsNull(7)) f.exemption = ParseExemptionReason(row.Text(7));
            f.sampled_tube = row.Text(8);
            f.building_sealed = !row.IsNull(9);
            f.household_remaining = row.Int(9);
            if (!numbers.empty()) by_id_number_[f.id_number] = f.resident_id;
            people_[f.resident_id] = std::move(f);
        };
        const Backend b = c_.backend();
        WANGGE_CHECK(QueryIn(
            c_, [b](std::size_t n) { return PeopleSql(b, "id", n); }, round_.id, ids, read));
        return QueryIn(
            c_, [b](std::size_t n) { return PeopleSql(b, "id_number", n); }, round_.id, numbers, read);
    }

    // Whether the current op's sampler may use the tube: opened from an area the sampler shares.
    bool Usable(const TubeSlot& slot) const { return TubeUsableFrom(slot.tube.path, sampler_->scope_path); }

    TubeSlot* UsableTube(const std::string& code) {
        auto it = tubes_.find(code);
        return it != tubes_.end() && Usable(it->second) ? &it->second : nullptr;
    }

    static OpResult Refused(const PreparedOp& p, RefusalReason reason, std::string message) {
        OpResult r;
        r.op = p.op.op;
        r.client_id = p.op.client_id;
        r.outcome = Outcome::kRefused;
        r.reason = reason;
        r.message = std::move(message);
        return r;
    }

    Result<OpResult> Apply(const PreparedOp& p) {
        switch (p.op.op) {
            case OpKind::kOpenTube:
                return Open(p);
            case OpKind::kCloseTube:
                return Close(p);
            case OpKind::kScan:
                break;
        }
        if (auto done = done_.find(p.op.client_id); done != done_.end()) {
            OpResult again = results_[done->second];
            again.replayed = true;
            return again;
        }
        if (auto a = stored_accepts_.find(p.op.client_id); a != stored_accepts_.end()) return Replay(p, a->second);
        if (auto f = stored_refusals_.find(p.op.client_id); f != stored_refusals_.end()) {
            OpResult result = Refused(p, f->second.reason, f->second.message);
            result.replayed = true;
            result.resident_id = f->second.resident_id;
            if (auto* slot = UsableTube(f->second.tube_code)) result.tube = slot->tube;
            return result;
        }
        return Scan(p);
    }

    OpResult Replay(const PreparedOp& p, const StoredAccept& a) {
        OpResult r;
        r.op = OpKind::kScan;
        r.client_id = p.op.client_id;
        r.replayed = true;
        r.tube_seq = a.tube_seq;
        r.resident_id = a.resident_id;
        r.resident_name = a.name;
        r.resident_id_number = a.id_number;
        if (auto it = tubes_.find(a.tube_code); it != tubes_.end()) r.tube = it->second.tube;
        return r;
    }

    Result<OpResult> Open(const PreparedOp& p) {
        const std::string& code = p.op.tube_code;
        if (auto it = tubes_.find(code); it != tubes_.end()) {
            if (!Usable(it->second))
                return Refused(p, RefusalReason::kUnknownTube,
                               "采样管属于其他区域，请换管 (the tube belongs to another area)");
            OpResult r;
            r.op = OpKind::kOpenTube;
            r.replayed = true;  // it was open already: opening is idempotent
            r.tube = it->second.tube;
            return r;
        }
        if (auto refusal = DecideOpen(status_, other_round_.contains(code)))
            return Refused(p, *refusal->refusal, refusal->message);
        Tube t;
        t.round_id = round_.id;
        t.code = code;
        t.capacity = round_.pool_size;
        t.path = sampler_->scope_path;
        t.point_id = point_ids_[sampler_->user_id];
        t.opened_by = sampler_->user_id;
        t.opened_at = now_;
        OpResult r;
        r.op = OpKind::kOpenTube;
        r.tube = t;
        tubes_[code] = TubeSlot{std::move(t), false, true};
        return r;
    }

    Result<OpResult> Close(const PreparedOp& p) {
        TubeSlot* slot = UsableTube(p.op.tube_code);
        if (!slot) return Refused(p, RefusalReason::kUnknownTube, RefusalMessage(RefusalReason::kUnknownTube));
        OpResult r;
        r.op = OpKind::kCloseTube;
        if (slot->tube.status == TubeStatus::kOpen) {
            slot->tube.status = TubeStatus::kClosed;
            slot->tube.closed_at = now_;
            slot->dirty = true;
        } else {
            r.replayed = true;
        }
        r.tube = slot->tube;
        return r;
    }

    OpResult Scan(const PreparedOp& p) {
        TubeSlot* slot = UsableTube(p.op.tube_code);
        ScanFacts facts;
        facts.status = status_;
        facts.scanned_at = p.scanned_at;
        facts.tube = slot ? &slot->tube : nullptr;
        facts.tube_other_round = !slot && other_round_.contains(p.op.tube_code);

        PersonFacts* person = nullptr;
        if (!p.refusal) {
            std::optional<std::int64_t> id = p.resident_id;
            if (!id)
                if (auto it = by_id_number_.find(p.id_number); it != by_id_number_.end()) id = it->second;
            if (id)
                if (auto it = people_.find(*id);
                    it != people_.end() && it->second.path.starts_with(sampler_->scope_path))
                    person = &it->second;
        }
        ScanDecision decision;
        if (person) {
            // The household's remaining count as of this scan: less those sampled earlier in this ingest.
            // (The person's own sampled_tube is kept current in people_ below.)
            const std::int64_t stored_remaining = person->household_remaining;
            if (auto it = household_sampled_now_.find(person->household_id); it != household_sampled_now_.end())
                person->household_remaining -= it->second;
            facts.person = person;
            decision = DecideScan(round_, facts);
            person->household_remaining = stored_remaining;
        } else {
            decision = DecideScan(round_, facts);
        }
        // An unreadable code or a bad ID number is the person check failing, with its own reason.
        if (decision.refusal == RefusalReason::kUnknownPerson && p.refusal)
            decision = ScanDecision{p.refusal, p.refusal_message, {}};

        if (decision.refusal) {
            OpResult r = Refused(p, *decision.refusal, decision.message);
            if (person) {
                r.resident_id = person->resident_id;
                r.resident_name = person->name;
                r.resident_id_number = person->id_number;
            }
            if (slot) r.tube = slot->tube;
            refusal_rows_.push_back(Params{
                round_.id, p.op.client_id, std::string(RefusalReasonName(*decision.refusal)), decision.message,
                p.op.tube_code, person ? Value{person->resident_id} : Null(), p.scanned_at, now_, sampler_->user_id});
            return r;
        }

        Tube& tube = slot->tube;
        if (decision.household_capacity) {
            tube.kind = TubeKind::kHousehold;
            tube.household_id = person->household_id;
            tube.capacity = *decision.household_capacity;
        }
        const int seq = ++tube.scan_count;
        if (tube.scan_count >= tube.capacity) {
            tube.status = TubeStatus::kClosed;
            tube.closed_at = now_;
        }
        slot->dirty = true;
        if (slot->is_new) new_tube_rows_.emplace_back(scan_rows_.size(), tube.code);  // id filled in Write()
        scan_rows_.push_back(Params{round_.id, p.op.client_id, tube.id, std::int64_t{seq}, person->resident_id,
                                    person->household_id, person->building_id, person->path,
                                    std::string(ScanKindName(ScanKind::kRoutine)), p.scanned_at, now_,
                                    sampler_->user_id});
        deltas_.Add(person->path, person->household_id, person->building_id, Delta{0, 1});
        person->sampled_tube = tube.code;
        ++household_sampled_now_[person->household_id];

        OpResult r;
        r.op = OpKind::kScan;
        r.client_id = p.op.client_id;
        r.tube = tube;
        r.tube_seq = seq;
        r.resident_id = person->resident_id;
        r.resident_name = person->name;
        r.resident_id_number = person->id_number;
        r.path = person->path;
        return r;
    }

    // One by one rather than from an initializer list, which copies each value once more (and trips
    // GCC 12's -Wmaybe-uninitialized on the variant).
    static void AppendTube(Params& params, const Tube& t) {
        params.emplace_back(t.round_id);
        params.emplace_back(t.code);
        params.emplace_back(std::string(TubeKindName(t.kind)));
        params.emplace_back(std::string(TubeStatusName(t.status)));
        params.emplace_back(std::int64_t{t.capacity});
        params.emplace_back(std::int64_t{t.scan_count});
        params.push_back(IntOrNull(t.household_id));
        params.emplace_back(t.path);
    }

    Status InsertNewTubes() {
        std::vector<Tube*> fresh;
        for (auto& [code, slot] : tubes_)
            if (slot.is_new) fresh.push_back(&slot.tube);
        for (std::size_t begin = 0; begin < fresh.size(); begin += kTubeRows) {
            const std::size_t n = std::min(kTubeRows, fresh.size() - begin);
            Params params;
            for (std::size_t i = begin; i < begin + n; ++i) {
                const Tube& t = *fresh[i];
                AppendTube(params, t);
                params.push_back(IntOrNull(t.point_id));
                params.emplace_back(t.opened_by);
                params.emplace_back(t.opened_at);
                params.push_back(IntOrNull(t.closed_at));
            }
            auto r = c_.Exec(std::string(kTubeInsertHead) + ValuesSql(n, kTubeWidth) + " RETURNING id, code", params,
                             [&](const Row& row) { tubes_[row.Text(1)].tube.id = row.Int(0); });
            if (!r) return Fail(r.error());
        }
        for (const auto& [row, code] : new_tube_rows_) scan_rows_[row][2] = tubes_[code].tube.id;
        return {};
    }

    Status UpdateChangedTubes() {
        std::vector<const Tube*> changed;
        for (const auto& [code, slot] : tubes_)
            if (slot.dirty && !slot.is_new) changed.push_back(&slot.tube);
        std::sort(changed.begin(), changed.end(), [](const Tube* a, const Tube* b) { return a->id < b->id; });
        for (std::size_t begin = 0; begin < changed.size(); begin += kTubeRows) {
            const std::size_t n = std::min(kTubeRows, changed.size() - begin);
            Params params;
            for (std::size_t i = begin; i < begin + n; ++i) {
                const Tube& t = *changed[i];
                params.push_back(t.id);
                AppendTube(params, t);
                params.emplace_back(t.opened_by);
                params.emplace_back(t.opened_at);
                params.push_back(IntOrNull(t.closed_at));
            }
            auto r =
                c_.Exec(std::string(kTubeUpsertHead) + ValuesSql(n, kTubeWidth) + std::string(kTubeUpsertTail), params);
            if (!r) return Fail(r.error());
        }
        return {};
    }

    Status Write() {
        WANGGE_CHECK(InsertNewTubes());
        WANGGE_CHECK(InsertRows(c_, "scans", kScanInsertColumns, kInsertScan, scan_rows_));
        WANGGE_CHECK(InsertRows(c_, "scan_refusals", kRefusalInsertColumns, kInsertRefusal, refusal_rows_));
        WANGGE_CHECK(UpdateChangedTubes());
        return deltas_.Flush(c_, round_.id);
    }

    Connection& c_;
    const Round& round_;
    const std::vector<const Sampler*>& samplers_;  // who sent each op
    const Sampler* sampler_ = nullptr;             // who sent the op being applied
    const std::vector<PreparedOp>& ops_;
    const EpochMillis now_;

    RoundStatus status_ = RoundStatus::kDraft;
    std::unordered_map<std::string, StoredAccept> stored_accepts_;    // by client id
    std::unordered_map<std::string, StoredRefusal> stored_refusals_;  // by client id
    std::unordered_map<std::string, TubeSlot> tubes_;                 // this round's, by code
    std::unordered_set<std::string> other_round_;                     // codes of other rounds' tubes
    std::unordered_map<std::int64_t, PersonFacts> people_;            // by resident id
    std::unordered_map<std::string, std::int64_t> by_id_number_;
    std::unordered_map<std::int64_t, std::int64_t> household_sampled_now_;  // household → scans in this ingest
    std::vector<std::pair<std::size_t, std::string>> new_tube_rows_;        // scan row → its new tube's code
    std::unordered_map<std::int64_t, std::optional<std::int64_t>>
        point_ids_;                                           // sampler → its sample point, for tubes opened here
    std::vector<OpResult> results_;                           // one per op, in order
    std::unordered_map<std::string_view, std::size_t> done_;  // client id (in ops_) → its first result
    std::vector<Params> scan_rows_, refusal_rows_;
    CoverageDeltas deltas_;
};

}  // namespace

Result<std::vector<OpResult>> RunIngest(Connection& conn, const Round& round, const Sampler& sampler,
                                        const std::vector<PreparedOp>& ops, EpochMillis now) {
    return RunIngest(conn, round, std::vector<const Sampler*>(ops.size(), &sampler), ops, now);
}

Result<std::vector<OpResult>> RunIngest(Connection& conn, const Round& round,
                                        const std::vector<const Sampler*>& samplers, const std::vector<PreparedOp>& ops,
                                        EpochMillis now) {
    return Ingest(conn, round, samplers, ops, now).Run();
}

}  // namespace wangge::storage::masstest_sql

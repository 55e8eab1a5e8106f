#pragma once
// The "detail" of a ledger event: a flat JSON object of what else a step changed. Built by hand
// because the domain carries no JSON library; keys are fixed identifiers, values are escaped.
#include <cstdint>
#include <string>
#include <string_view>

namespace wangge::appeals {

class EventDetail {
  public:
    EventDetail& Add(std::string_view key, std::int64_t value);
    EventDetail& Add(std::string_view key, std::string_view value);
    // "{}" when nothing was added.
    std::string Json() const { return "{" + body_ + "}"; }

  private:
    void Key(std::string_view key);
    std::string body_;
};

}  // namespace wangge::appeals

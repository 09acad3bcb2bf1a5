#pragma once
// Internal to daemon/rules: English numbers as the extractor reads quantities.

#include <cstdint>
#include <optional>
#include <string_view>

namespace newsmon::rules::detail {

/// "31", "1,800", "four", "thirty", "dozen" as a number; nullopt for anything else.
std::optional<std::int64_t> number_of(std::string_view folded);

}  // namespace newsmon::rules::detail

#include "daemon/util/duration.h"

#include <array>
#include <charconv>
#include <limits>

namespace newsmon::util {
namespace {

struct Unit {
  std::string_view name;
  std::uint64_t factor;
};

constexpr std::array k_duration_units{
    Unit{"ms", 1},        Unit{"s", 1000},       Unit{"m", 60'000},
    Unit{"h", 3'600'000}, Unit{"d", 86'400'000}, Unit{"w", 604'800'000},
};

constexpr std::array k_size_units{
    Unit{"", 1},
    Unit{"B", 1},
    Unit{"KiB", 1ull << 10},
    Unit{"MiB", 1ull << 20},
    Unit{"GiB", 1ull << 30},
    Unit{"kB", 1000},
    Unit{"KB", 1000},
    Unit{"MB", 1'000'000},
    Unit{"GB", 1'000'000'000},
};

// Splits "123unit" into its number and unit; fails on anything but ASCII digits first.
template <std::size_t N>
Result<std::uint64_t> parse_with_units(std::string_view text, const std::array<Unit, N>& units,
                                       std::string_view what, std::string_view examples) {
  std::uint64_t number = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [rest, ec] = std::from_chars(begin, end, number);
  if (ec != std::errc() || rest == begin) {
    return make_error("'{}' is not a {}: write a whole number and a unit, such as {}", text, what,
                      examples);
  }
  std::string_view unit(rest, static_cast<std::size_t>(end - rest));
  for (const auto& candidate : units) {
    if (candidate.name == unit) {
      if (number > std::numeric_limits<std::uint64_t>::max() / candidate.factor) {
        return make_error("'{}' is too large a {}", text, what);
      }
      return number * candidate.factor;
    }
  }
  return make_error("'{}' has an unknown unit '{}': write a {} such as {}", text, unit, what,
                    examples);
}

}  // namespace

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) {
    return make_error("an empty duration: write one such as 90s, 10m, 6h or 30d");
  }
  if (text.back() >= '0' && text.back() <= '9') {
    return make_error("'{}' has no unit: write a duration such as {}s or {}m", text, text, text);
  }
  auto millis = parse_with_units(text, k_duration_units, "duration", "90s, 10m, 6h or 30d");
  if (!millis) {
    return millis.error();
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(*millis));
}

Result<std::uint64_t> parse_size(std::string_view text) {
  if (text.empty()) {
    return make_error("an empty size: write one such as 512KiB or 8MiB");
  }
  return parse_with_units(text, k_size_units, "size", "512KiB or 8MiB");
}

std::string format_duration(std::chrono::milliseconds duration) {
  const auto millis = static_cast<std::uint64_t>(duration.count() < 0 ? 0 : duration.count());
  if (millis == 0) {
    return "0s";
  }
  for (auto it = k_duration_units.rbegin(); it != k_duration_units.rend(); ++it) {
    if (millis % it->factor == 0) {
      return fmt::format("{}{}", millis / it->factor, it->name);
    }
  }
  return fmt::format("{}ms", millis);
}

}  // namespace newsmon::util

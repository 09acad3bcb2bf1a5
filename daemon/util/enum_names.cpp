#include "daemon/util/enum_names.h"

#include <fmt/format.h>

#include "daemon/util/spelling.h"

namespace newsmon::util {

std::string unknown_name_message(std::string_view kind, std::string_view text,
                                 const std::vector<std::string_view>& names) {
  const auto closest = closest_spelling(text, names);
  if (!closest.empty()) {
    return fmt::format("unknown {} '{}': did you mean '{}'?", kind, text, closest);
  }
  return fmt::format("unknown {} '{}': use {}", kind, text, alternatives(names));
}

std::string alternatives(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace newsmon::util

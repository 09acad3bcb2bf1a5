#include "daemon/alert/payload_text.h"

#include <algorithm>

#include <fmt/format.h>

#include "daemon/util/clock.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"

namespace newsmon::alert::text {

std::vector<std::string> hit_terms(const rules::Match& match) {
  std::vector<std::string> terms;
  std::vector<std::string> folded;
  for (const auto& hit : match.hits) {
    auto key = util::to_lower_ascii(hit.text);
    if (hit.text.empty() || std::find(folded.begin(), folded.end(), key) != folded.end()) {
      continue;
    }
    folded.push_back(std::move(key));
    terms.push_back(hit.text);
  }
  return terms;
}

std::string feed_name(const store::Alert& alert) {
  return alert.feed_title.empty() ? alert.feed_url : alert.feed_title;
}

std::string report_source(const store::Report& report) {
  return report.feed_title.empty() ? report.feed_url : report.feed_title;
}

std::string published(const store::Alert& alert) {
  return alert.published.has_value() ? util::format_rfc3339(alert.published.epoch_seconds)
                                     : std::string();
}

std::string severity_label(rules::Severity severity) {
  std::string label = rules::severity_name(severity);
  for (char& character : label) {
    if (character >= 'a' && character <= 'z') character = static_cast<char>(character - 32);
  }
  return label;
}

std::string comma_list(const std::vector<std::string>& items) {
  return util::join(items, ", ");
}

std::string cut(std::string_view text, std::size_t max_bytes) {
  return util::truncate_utf8(text, max_bytes);
}

}  // namespace newsmon::alert::text

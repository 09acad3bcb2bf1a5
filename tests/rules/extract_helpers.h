#pragma once
// What the shipped packs make of a story: its extracted transfers, and whether it is arms
// news. For the tests of the extractor's sentence readers.

#include <algorithm>
#include <string>
#include <vector>

#include "tests/rules/helpers.h"

namespace newsmon::rules::test {

/// The arms transfers the shipped vocabulary extracts from the story.
inline std::vector<Event> transfers(const std::string& title, const std::string& summary = "") {
  return shipped_rules().extract(ExtractKind::arms_transfer, Story{title, summary, ""});
}

/// Whether a shipped rule of the topic arms_transfer matches the story.
inline bool arms_news(const std::string& title, const std::string& summary = "") {
  const auto matches = shipped_rules().match(Story{title, summary, ""});
  return std::any_of(matches.begin(), matches.end(), [](const Match& match) {
    return std::find(match.topics.begin(), match.topics.end(), "arms_transfer") !=
           match.topics.end();
  });
}

/// The events one a line, for a failing check's message.
inline std::string listed(const std::vector<Event>& events) {
  std::string out;
  for (const auto& event : events) out += event_line(event) + "\n";
  return out;
}

}  // namespace newsmon::rules::test

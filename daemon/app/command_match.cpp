// `newsmon match`: classify stories from JSON Lines or feed files without a daemon.

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/app/commands.h"
#include "daemon/feed/parse.h"
#include "daemon/rules/rule_set.h"
#include "daemon/util/text.h"

namespace newsmon::app {
namespace {

using nlohmann::json;

struct StoryInput {
  std::string id;
  std::string title;
  std::string summary;
  std::string content;
};

class Matcher {
 public:
  Matcher(const rules::RuleSet& rules, rules::Explain explain)
      : m_rules(rules), m_explain(explain) {}

  /// Reads one input (a file's bytes or standard input) and prints a line per story.
  /// Returns false when some of it could not be read; what could be read is printed.
  bool process(std::istream& in, const std::string& name) {
    std::string first;
    while (first.empty() && std::getline(in, first)) {
      if (util::starts_with(first, "\xEF\xBB\xBF")) first.erase(0, 3);
      if (util::trim(first).empty()) first.clear();
    }
    if (first.empty()) return true;
    const auto start = util::trim(first);
    if (start.front() == '{') {
      const json line = json::parse(first, nullptr, false);
      if (!line.is_discarded() && !is_json_feed(line)) return process_lines(line, in, name);
    }
    // A feed document (XML, or a JSON Feed perhaps spread over many lines): whole.
    std::string bytes = first + '\n';
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    const json whole = json::parse(bytes, nullptr, false);
    if (start.front() == '{' && !(whole.is_object() && is_json_feed(whole))) {
      fmt::print(stderr,
                 "newsmon: {}:1: not a JSON object on one line: each line of JSON Lines input "
                 "must be one story, as in {{\"id\":\"a1\",\"title\":\"...\"}}\n",
                 name);
      return false;
    }
    return process_feed(bytes, name);
  }

 private:
  static bool is_json_feed(const json& document) {
    const auto version = document.find("version");
    return version != document.end() && version->is_string() &&
           version->get<std::string>().find("jsonfeed.org") != std::string::npos;
  }

  bool process_lines(const json& first, std::istream& in, const std::string& name) {
    bool ok = process_line(first, name, 1);
    std::string line;
    for (std::size_t number = 2; std::getline(in, line); ++number) {
      if (util::trim(line).empty()) continue;
      const json story = json::parse(line, nullptr, false);
      if (story.is_discarded()) {
        fmt::print(stderr, "newsmon: {}:{}: not valid JSON: skipped\n", name, number);
        ok = false;
        continue;
      }
      ok = process_line(story, name, number) && ok;
    }
    return ok;
  }

  bool process_line(const json& story, const std::string& name, std::size_t number) {
    if (!story.is_object()) {
      fmt::print(stderr, "newsmon: {}:{}: not a JSON object: skipped\n", name, number);
      return false;
    }
    const auto text = [&](const char* key) {
      const auto it = story.find(key);
      if (it == story.end() || it->is_null()) return std::string();
      return it->is_string() ? it->get<std::string>() : it->dump();
    };
    StoryInput input{text("id"), text("title"), text("summary"), text("content")};
    if (input.id.empty()) input.id = fmt::format("{}:{}", name, number);
    print(input);
    return true;
  }

  bool process_feed(const std::string& bytes, const std::string& name) {
    const feed::ParsedFeed parsed = feed::parse_feed(bytes);
    if (!parsed.report.is_feed) {
      fmt::print(stderr, "newsmon: {}: neither JSON Lines nor a feed{}{}\n", name,
                 parsed.report.error.empty() ? "" : ": ", parsed.report.error);
      return false;
    }
    if (!parsed.report.well_formed) {
      fmt::print(stderr, "newsmon: {}: feed is malformed ({}); matching the {} entries read\n",
                 name, parsed.report.error, parsed.items.size());
    }
    for (const auto& item : parsed.items) {
      print(StoryInput{item.id, item.title, item.summary, item.content});
    }
    return parsed.report.well_formed;
  }

  void print(const StoryInput& input) {
    const rules::Story story{input.title, input.summary, input.content};
    std::vector<rules::Match> dropped;
    const auto matches =
        m_rules.match(story, m_explain, m_explain == rules::Explain::yes ? &dropped : nullptr);
    json line = {{"id", input.id}, {"topics", json::array()}, {"matches", json::array()}};
    std::vector<std::string> topics;
    for (const auto& match : matches) {
      for (const auto& topic : match.topics) {
        if (std::find(topics.begin(), topics.end(), topic) == topics.end()) topics.push_back(topic);
      }
      line["matches"].push_back(match_json(match));
    }
    line["topics"] = topics;
    if (m_explain == rules::Explain::yes && !dropped.empty()) {
      line["dropped"] = json::array();
      for (const auto& match : dropped) {
        line["dropped"].push_back({{"rule", match.rule_id}, {"removed", match.removed}});
      }
    }
    const std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  }

  json match_json(const rules::Match& match) const {
    json out = {{"rule", match.rule_id},
                {"topics", match.topics},
                {"severity", rules::severity_name(match.severity)},
                {"hits", match.hits},
                {"events", match.events}};
    if (m_explain == rules::Explain::yes && !match.removed.empty()) out["removed"] = match.removed;
    if (m_explain == rules::Explain::yes && !match.event_condition.empty()) {
      out["event_condition"] = match.event_condition;
    }
    return out;
  }

  const rules::RuleSet& m_rules;
  rules::Explain m_explain;
};

}  // namespace

int command_match(const MatchOptions& options) {
  const auto loaded = rules::load_rules(options.rules);
  if (!loaded.rules) {
    fmt::print(stderr, "{}", util::format_all(loaded.errors));
    fmt::print(stderr, "newsmon: {} error{} in the rule files; nothing was matched\n",
               loaded.errors.size(), loaded.errors.size() == 1 ? "" : "s");
    return 1;
  }
  Matcher matcher(*loaded.rules, options.explain ? rules::Explain::yes : rules::Explain::no);
  bool ok = true;
  if (options.inputs.empty()) return matcher.process(std::cin, "<stdin>") ? 0 : 1;
  for (const auto& path : options.inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      fmt::print(stderr, "newsmon: {}: cannot open: {}\n", path.string(), std::strerror(errno));
      ok = false;
      continue;
    }
    ok = matcher.process(in, path.string()) && ok;
  }
  std::fflush(stdout);
  return ok ? 0 : 1;
}

}  // namespace newsmon::app

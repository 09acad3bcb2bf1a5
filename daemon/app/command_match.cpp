// `newsmon match`: classify stories from JSON Lines or feed files without a daemon.

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "daemon/app/command.h"
#include "daemon/app/match_line.h"
#include "daemon/feed/parse.h"
#include "daemon/rules/rule_set.h"
#include "daemon/util/text.h"

namespace newsmon::app {
namespace {

using nlohmann::json;

constexpr const char* k_name = "match";

struct MatchOptions {
  std::vector<std::filesystem::path> rules;   ///< rule files or folders (required)
  std::vector<std::filesystem::path> inputs;  ///< JSON Lines or feed files; stdin when empty
  bool explain = false;                       ///< also report what masks and exceptions removed
};

struct StoryInput {
  std::string id;
  std::string title;
  std::string summary;
  std::string content;
};

// Reads the four fields of a JSON Lines story as the parser's events go by, without
// building the document. A field whose value is neither a string nor null (a number,
// an object...) is reported as `other`: the caller reads such a line whole.
class StoryFields final : public nlohmann::json_sax<json> {
 public:
  explicit StoryFields(StoryInput& out) : m_out(out) {}

  bool other = false;   ///< a field is not a string or null, or the line not an object
  bool failed = false;  ///< not valid JSON

  bool null() override { return value(std::string()); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool string(string_t& text) override { return value(std::move(text)); }
  bool binary(binary_t&) override { return scalar(); }
  bool start_object(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }
  bool key(string_t& name) override {
    if (m_depth == 1) m_field = field_of(name);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    failed = true;
    return false;
  }

 private:
  std::string* field_of(const std::string& name) const {
    if (name == "id") return &m_out.id;
    if (name == "title") return &m_out.title;
    if (name == "summary") return &m_out.summary;
    if (name == "content") return &m_out.content;
    return nullptr;
  }
  bool value(std::string text) {
    if (m_depth == 0) other = true;
    if (m_depth == 1 && m_field) *m_field = std::move(text);
    return true;
  }
  bool scalar() {
    if (m_depth == 0 || (m_depth == 1 && m_field)) other = true;
    return true;
  }
  bool open(bool object) {
    if ((m_depth == 0 && !object) || (m_depth == 1 && m_field)) other = true;
    ++m_depth;
    return true;
  }
  bool close() {
    --m_depth;
    return true;
  }

  StoryInput& m_out;
  std::string* m_field = nullptr;
  int m_depth = 0;
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
      if (first.starts_with("\xEF\xBB\xBF")) first.erase(0, 3);
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
      print_stderr(k_name,
                   "{}:1: not a JSON object on one line: each line of JSON Lines input must be "
                   "one story, as in {{\"id\":\"a1\",\"title\":\"...\"}}",
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
      // Most lines are read by events; one with a field that is not a string, whole.
      StoryInput input;
      StoryFields fields(input);
      json::sax_parse(line, &fields);
      if (!fields.failed && !fields.other) {
        print_story(std::move(input), name, number);
        continue;
      }
      const json story = json::parse(line, nullptr, false);
      if (story.is_discarded()) {
        print_stderr(k_name, "{}:{}: not valid JSON: skipped", name, number);
        ok = false;
        continue;
      }
      ok = process_line(story, name, number) && ok;
    }
    return ok;
  }

  bool process_line(const json& story, const std::string& name, std::size_t number) {
    if (!story.is_object()) {
      print_stderr(k_name, "{}:{}: not a JSON object: skipped", name, number);
      return false;
    }
    const auto text = [&](const char* key) {
      const auto it = story.find(key);
      if (it == story.end() || it->is_null()) return std::string();
      return it->is_string() ? it->get<std::string>() : it->dump();
    };
    print_story(StoryInput{text("id"), text("title"), text("summary"), text("content")}, name,
                number);
    return true;
  }

  void print_story(StoryInput input, const std::string& name, std::size_t number) {
    if (input.id.empty()) input.id = fmt::format("{}:{}", name, number);
    print(input);
  }

  bool process_feed(const std::string& bytes, const std::string& name) {
    const feed::ParsedFeed parsed = feed::parse_feed(bytes);
    if (!parsed.report.is_feed) {
      print_stderr(k_name, "{}: neither JSON Lines nor a feed{}{}", name,
                   parsed.report.error.empty() ? "" : ": ", parsed.report.error);
      return false;
    }
    if (!parsed.report.well_formed) {
      print_stderr(k_name, "{}: feed is malformed ({}); matching the {} entries read", name,
                   parsed.report.error, parsed.items.size());
    }
    for (const auto& item : parsed.items) {
      print(StoryInput{item.id, item.title, item.summary, item.content});
    }
    return parsed.report.well_formed;
  }

  void print(const StoryInput& input) {
    const rules::Story story{input.title, input.summary, input.content};
    m_dropped.clear();
    const auto matches =
        m_rules.match(story, m_explain, m_explain == rules::Explain::yes ? &m_dropped : nullptr);
    m_line.clear();
    append_match_line(m_line, input.id, matches, m_dropped, m_explain);
    m_line += '\n';
    std::fwrite(m_line.data(), 1, m_line.size(), stdout);
  }

  const rules::RuleSet& m_rules;
  rules::Explain m_explain;
  std::vector<rules::Match> m_dropped;
  std::string m_line;  ///< the line being written, reused
};

int run_match(const MatchOptions& options) {
  const auto loaded = rules::load_rules(options.rules);
  if (!loaded.rules) {
    print_stderr(loaded.errors);
    print_stderr(k_name, "{} error{} in the rule files; nothing was matched", loaded.errors.size(),
                 loaded.errors.size() == 1 ? "" : "s");
    return 1;
  }
  Matcher matcher(*loaded.rules, options.explain ? rules::Explain::yes : rules::Explain::no);
  bool ok = true;
  if (options.inputs.empty()) return matcher.process(std::cin, "<stdin>") ? 0 : 1;
  for (const auto& path : options.inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      print_stderr(k_name, "{}: cannot open: {}", path.string(), std::strerror(errno));
      ok = false;
      continue;
    }
    ok = matcher.process(in, path.string()) && ok;
  }
  std::fflush(stdout);
  return ok ? 0 : 1;
}

}  // namespace

Command add_match_command(CLI::App& cli) {
  auto options = std::make_shared<MatchOptions>();
  auto* command =
      cli.add_subcommand(k_name, "classify stories from JSON Lines or feed files (stdin if none)");
  command
      ->add_option("--rules", options->rules,
                   "rule file or folder (repeat, or separate with commas)")
      ->type_name("PATH")
      ->required()
      ->allow_extra_args(false)
      ->delimiter(',');
  command->add_flag("--explain", options->explain, "show what masks and exceptions removed");
  command->add_option("inputs", options->inputs, "JSON Lines or feed files")->type_name("FILE");
  return {command, [options] { return run_match(*options); }};
}

}  // namespace newsmon::app

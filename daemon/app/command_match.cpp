// `newsmon match`: classify stories from JSON Lines or feed files without a daemon.

#include <algorithm>
#include <array>
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
#include "daemon/util/utf8.h"

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

// Reads a story line of the usual shape, one object whose `id`, `title`, `summary` and
// `content` are strings or null, straight from its bytes into buffers kept from line to
// line. It accepts only what is certainly valid JSON and reads it as the JSON parser
// would; for anything else (another kind of value in one of the four fields, a number
// with an exponent, invalid UTF-8, deep nesting...) it returns false, and the line is
// read by the parser, which then decides.
class FlatStoryReader {
 public:
  bool read(std::string_view line, StoryInput& out) {
    m_text = line;
    m_at = 0;
    for (std::string* field : {&out.id, &out.title, &out.summary, &out.content}) field->clear();
    if (!next_is('{')) return false;
    if (next_is('}')) return only_space_left();
    do {
      if (!next_is('"') || !string(&m_key) || !next_is(':')) return false;
      std::string* field = field_of(m_key, out);
      space();
      if (!field) {
        if (!skip_value(0)) return false;
      } else if (!field_value(*field)) {
        return false;
      }
    } while (next_is(','));
    return next_is('}') && only_space_left();
  }

 private:
  static constexpr int k_max_depth = 32;
  /// The bytes a string holds as they are: ASCII but for controls, '"' and '\\'.
  static constexpr std::array<bool, 256> k_plain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    return plain;
  }();
  static constexpr int k_max_digits = 15;  ///< so that no number can overflow

  static std::string* field_of(const std::string& key, StoryInput& out) {
    if (key == "id") return &out.id;
    if (key == "title") return &out.title;
    if (key == "summary") return &out.summary;
    if (key == "content") return &out.content;
    return nullptr;
  }

  bool field_value(std::string& field) {
    field.clear();
    if (m_text.substr(m_at, 4) == "null") {
      m_at += 4;
      return true;
    }
    return next_is('"') && string(&field);
  }

  void space() {
    while (m_at < m_text.size() && (m_text[m_at] == ' ' || m_text[m_at] == '\t' ||
                                    m_text[m_at] == '\n' || m_text[m_at] == '\r')) {
      ++m_at;
    }
  }
  bool next_is(char c) {
    space();
    if (m_at >= m_text.size() || m_text[m_at] != c) return false;
    ++m_at;
    return true;
  }
  bool only_space_left() {
    space();
    return m_at == m_text.size();
  }
  unsigned char byte(std::size_t at) const {
    return at < m_text.size() ? static_cast<unsigned char>(m_text[at]) : 0;
  }

  bool skip_value(int depth) {
    if (depth > k_max_depth || m_at >= m_text.size()) return false;
    const char c = m_text[m_at];
    if (c == '"') return ++m_at, string(nullptr);
    if (c == '{' || c == '[') return ++m_at, skip_container(c == '{' ? '}' : ']', depth);
    for (const std::string_view word : {"null", "true", "false"}) {
      if (m_text.substr(m_at, word.size()) == word) return m_at += word.size(), true;
    }
    return number();
  }

  bool skip_container(char close, int depth) {
    if (next_is(close)) return true;
    do {
      if (close == '}' && (!next_is('"') || !string(nullptr) || !next_is(':'))) return false;
      space();
      if (!skip_value(depth + 1)) return false;
    } while (next_is(','));
    return next_is(close);
  }

  bool number() {
    if (byte(m_at) == '-') ++m_at;
    int digits = 0;
    const auto run = [&] {
      const std::size_t begin = m_at;
      while (byte(m_at) >= '0' && byte(m_at) <= '9') ++m_at;
      digits += static_cast<int>(m_at - begin);
      return m_at > begin;
    };
    const bool zero = byte(m_at) == '0';
    if (!run() || (zero && digits > 1)) return false;
    if (byte(m_at) == '.' && (++m_at, !run())) return false;
    const unsigned char after = byte(m_at);
    return digits <= k_max_digits && after != 'e' && after != 'E';
  }

  // The rest of a string after its opening quote; decoded into `into` unless null.
  bool string(std::string* into) {
    if (into) into->clear();
    while (m_at < m_text.size()) {
      const std::size_t begin = m_at;
      while (m_at < m_text.size() && k_plain[byte(m_at)]) ++m_at;
      if (into) into->append(m_text.substr(begin, m_at - begin));
      const unsigned char c = byte(m_at);
      if (m_at >= m_text.size() || c < 0x20) return false;
      if (c == '"') return ++m_at, true;
      const std::size_t from = m_at;
      if (!(c == '\\' ? escape(into) : utf8())) return false;
      if (into && c != '\\') into->append(m_text.substr(from, m_at - from));
    }
    return false;
  }

  // One UTF-8 sequence, checked as the JSON parser checks it (RFC 3629).
  bool utf8() {
    const std::size_t length = util::utf8_sequence_length(m_text.substr(m_at));
    m_at += length;
    return length > 0;
  }

  bool escape(std::string* into) {
    const char c = static_cast<char>(byte(m_at + 1));
    m_at += 2;
    char plain = 0;
    switch (c) {
      case '"': plain = '"'; break;
      case '\\': plain = '\\'; break;
      case '/': plain = '/'; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      case 'u': return unicode(into);
      default: return false;
    }
    if (into) into->push_back(plain);
    return true;
  }

  int hex4() {
    int value = 0;
    for (int i = 0; i < 4; ++i, ++m_at) {
      const unsigned char c = byte(m_at);
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    return value;
  }

  // After "\u": a code point, a surrogate pair as one, written as UTF-8.
  bool unicode(std::string* into) {
    long code = hex4();
    if (code < 0 || (code >= 0xDC00 && code <= 0xDFFF)) return false;
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (byte(m_at) != '\\' || byte(m_at + 1) != 'u') return false;
      m_at += 2;
      const long low = hex4();
      if (low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    if (!into) return true;
    const auto put = [&](long bits) { into->push_back(static_cast<char>(bits)); };
    if (code < 0x80) {
      put(code);
    } else if (code < 0x800) {
      put(0xC0 | (code >> 6)), put(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      put(0xE0 | (code >> 12)), put(0x80 | ((code >> 6) & 0x3F)), put(0x80 | (code & 0x3F));
    } else {
      put(0xF0 | (code >> 18)), put(0x80 | ((code >> 12) & 0x3F));
      put(0x80 | ((code >> 6) & 0x3F)), put(0x80 | (code & 0x3F));
    }
    return true;
  }

  std::string_view m_text;
  std::size_t m_at = 0;
  std::string m_key;
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
      if (m_reader.read(line, m_input)) {
        print_story(m_input, name, number);
        continue;
      }
      // Other lines are read by the parser's events; one with a field that is not a
      // string, whole.
      StoryInput input;
      StoryFields fields(input);
      json::sax_parse(line, &fields);
      if (!fields.failed && !fields.other) {
        print_story(input, name, number);
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
    StoryInput input{text("id"), text("title"), text("summary"), text("content")};
    print_story(input, name, number);
    return true;
  }

  void print_story(StoryInput& input, const std::string& name, std::size_t number) {
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
  FlatStoryReader m_reader;
  StoryInput m_input;  ///< the story of the line being read, reused
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

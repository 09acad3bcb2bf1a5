// Loading rule files: read every file, collect lists and rules with their positions,
// then compile, reporting every problem of every file as FILE:LINE:COL.

#include <algorithm>
#include <array>
#include <set>
#include <system_error>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "daemon/rules/compiler.h"
#include "daemon/rules/rule_events.h"
#include "daemon/rules/rule_set.h"
#include "daemon/rules/source.h"
#include "daemon/util/duration.h"
#include "daemon/util/text.h"

namespace newsmon::rules::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 13> k_rule_keys{
    "id",   "title",      "desc",     "topics",  "severity", "fields", "query",
    "mask", "exceptions", "suppress", "extract", "event",    "tests"};
constexpr std::array<std::string_view, 2> k_top_keys{"lists", "rules"};
constexpr std::array<std::string_view, 2> k_list_keys{"stem", "terms"};
constexpr std::array<std::string_view, 5> k_example_keys{"text", "title", "summary", "content",
                                                         "expect"};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

template <std::size_t N>
std::string unknown_key_message(std::string_view key, const std::array<std::string_view, N>& known,
                                std::string_view where) {
  std::string names;
  std::string_view closest;
  std::size_t best = 3;
  for (const auto name : known) {
    names += names.empty() ? "" : ", ";
    names += name;
    const auto distance = edit_distance(key, name);
    if (distance < best) {
      best = distance;
      closest = name;
    }
  }
  if (!closest.empty()) {
    return fmt::format("unknown key '{}' in {}: did you mean '{}'?", key, where, closest);
  }
  return fmt::format("unknown key '{}' in {}: the keys are {}", key, where, names);
}

bool valid_rule_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool valid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

class Loader {
 public:
  void add_path(const fs::path& path) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      std::vector<fs::path> files;
      for (fs::recursive_directory_iterator it(path, error), end; !error && it != end;
           it.increment(error)) {
        const auto extension = it->path().extension();
        if (it->is_regular_file(error) && (extension == ".yaml" || extension == ".yml")) {
          files.push_back(it->path());
        }
      }
      if (error) return fail_file(path, fmt::format("cannot read folder: {}", error.message()));
      if (files.empty()) return fail_file(path, "no rule files (*.yaml) in this folder");
      std::sort(files.begin(), files.end());
      for (const auto& file : files) add_file(file);
      return;
    }
    if (!fs::exists(path, error)) return fail_file(path, "no such file or folder");
    add_file(path);
  }

  void add_file(const fs::path& path) {
    auto text = util::read_file(path);
    if (!text) return fail_file(path, text.error().message);
    add_text(path, std::move(*text));
  }

  void add_text(const fs::path& name, std::string text) {
    m_files.push_back(std::make_unique<SourceFile>(name, std::move(text)));
    const SourceFile& file = *m_files.back();
    YAML::Node root;
    try {
      root = YAML::Load(file.text());
    } catch (const YAML::Exception& error) {
      m_errors.push_back(file.at(error.mark, fmt::format("YAML syntax: {}", error.msg)));
      return;
    }
    if (root.IsNull()) return;
    if (!root.IsMap()) {
      return error(file, root, "a rule file is a mapping with `lists:` and `rules:`");
    }
    for (const auto& [key, value] : checked_map(file, root, k_top_keys, "a rule file")) {
      if (key == "lists") read_lists(file, value);
      if (key == "rules") read_rules(file, value);
    }
  }

  LoadResult finish() {
    m_compiler.compile_lists();
    m_events.vocabulary = Vocabulary::build(m_vocabulary_lists, m_errors);
    for (const auto& [file, node] : m_rule_nodes) compile_rule(*file, node);
    LoadResult result;
    if (!m_errors.empty()) {
      result.errors = std::move(m_errors);
      return result;
    }
    index_rules(m_program);
    result.rules = make_rule_set(std::move(m_program), std::move(m_events));
    return result;
  }

 private:
  using Entries = std::vector<std::pair<std::string, YAML::Node>>;

  void fail_file(const fs::path& path, std::string message) {
    util::Diagnostic diagnostic;
    diagnostic.file = path;
    diagnostic.message = std::move(message);
    m_errors.push_back(std::move(diagnostic));
  }

  void error(const SourceFile& file, const YAML::Node& node, std::string message) {
    m_errors.push_back(file.at(node.Mark(), std::move(message)));
  }

  // The entries of a mapping whose keys must be known and unique.
  template <std::size_t N>
  Entries checked_map(const SourceFile& file, const YAML::Node& map,
                      const std::array<std::string_view, N>& known, std::string_view where) {
    Entries entries;
    std::set<std::string> seen;
    for (const auto& item : map) {
      if (!item.first.IsScalar()) {
        error(file, item.first, fmt::format("keys in {} must be plain words", where));
        continue;
      }
      const std::string key = item.first.Scalar();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        error(file, item.first, unknown_key_message(key, known, where));
        continue;
      }
      if (!seen.insert(key).second) {
        error(file, item.first, fmt::format("duplicate key '{}' in {}", key, where));
        continue;
      }
      entries.emplace_back(key, item.second);
    }
    return entries;
  }

  std::optional<std::string> text_of(const SourceFile& file, const YAML::Node& node,
                                     std::string_view what) {
    if (node.IsScalar()) return node.Scalar();
    error(file, node, fmt::format("{} must be text", what));
    return std::nullopt;
  }

  std::vector<std::pair<std::string, YAML::Node>> strings_of(const SourceFile& file,
                                                             const YAML::Node& node,
                                                             std::string_view what) {
    std::vector<std::pair<std::string, YAML::Node>> out;
    if (!node.IsSequence()) {
      error(file, node, fmt::format("{} must be a list, as in [a, b]", what));
      return out;
    }
    for (const auto& item : node) {
      if (auto text = text_of(file, item, fmt::format("each entry of {}", what))) {
        out.emplace_back(std::move(*text), item);
      }
    }
    return out;
  }

  ErrorSink sink_for(const SourceFile& file, const YAML::Node& scalar, std::string prefix) {
    return
        [this, &file, scalar, prefix = std::move(prefix)](std::size_t offset, std::string message) {
          m_errors.push_back(file.at_value(scalar, offset, prefix + message));
        };
  }

  void read_lists(const SourceFile& file, const YAML::Node& lists) {
    if (!lists.IsMap()) return error(file, lists, "`lists:` must map list names to terms");
    for (const auto& item : lists) {
      const std::string name = item.first.IsScalar() ? item.first.Scalar() : std::string();
      if (!valid_name(name)) {
        error(file, item.first, "list names use only letters, digits, '_' and '-'");
        continue;
      }
      if (const auto first = m_list_sites.find(name); first != m_list_sites.end()) {
        error(file, item.first,
              fmt::format("list '{}' is defined twice: first at {}", name, first->second));
        continue;
      }
      m_list_sites[name] = location(file, item.first);
      read_list(file, name, item.second);
    }
  }

  void read_list(const SourceFile& file, const std::string& name, const YAML::Node& value) {
    // The extractor reads the lists too, once all are known (extract_vocabulary.h).
    VocabularyList& words = m_vocabulary_lists.emplace_back(name, std::vector<std::string>{},
                                                            file.at(value.Mark(), ""));
    ListDefinition list;
    list.name = name;
    YAML::Node terms;
    terms.reset(value);  // yaml-cpp's operator= would write into the node, not rebind
    const std::string what = fmt::format("list '{}'", name);
    if (value.IsMap()) {
      terms.reset();
      for (const auto& [key, node] : checked_map(file, value, k_list_keys, what)) {
        if (key == "terms") terms.reset(node);
        if (key != "stem") continue;
        if (node.IsScalar() && node.Scalar() == "english") {
          list.stemming = Stemming::english;
        } else if (!(node.IsScalar() && node.Scalar() == "none")) {
          error(file, node, "stem: must be english or none");
        }
      }
      if (!terms.IsDefined() || terms.IsNull()) {
        error(file, value, fmt::format("{} needs `terms:`", what));
        // Defined all the same (empty, so it fails quietly): rules using it should not
        // also report it as unknown.
        return m_compiler.define_list(std::move(list));
      }
    }
    for (auto& [text, node] : strings_of(file, terms, what)) {
      words.entries.push_back(text);
      list.entries.push_back(ListEntry{text, sink_for(file, node, what + ": ")});
    }
    if (list.entries.empty() && terms.IsSequence()) {
      error(file, terms, fmt::format("{} is empty", what));
    }
    m_compiler.define_list(std::move(list));
  }

  void read_rules(const SourceFile& file, const YAML::Node& rules) {
    if (!rules.IsSequence()) {
      return error(file, rules, "`rules:` must be a list of rules, each starting with `- id:`");
    }
    for (const auto& rule : rules) {
      if (!rule.IsMap()) {
        error(file, rule, "a rule is a mapping with at least `id:` and `query:`");
        continue;
      }
      m_rule_nodes.emplace_back(&file, rule);
    }
  }

  static std::string location(const SourceFile& file, const YAML::Node& node) {
    return fmt::format("{}:{}", file.path().string(), node.Mark().line + 1);
  }

  void compile_rule(const SourceFile& file, const YAML::Node& node);
  void read_field(const SourceFile& file, CompiledRule& rule, const std::string& key,
                  const YAML::Node& value, std::string_view what);
  void read_examples(const SourceFile& file, CompiledRule& rule, const YAML::Node& value,
                     std::string_view what);

  Program m_program;
  Compiler m_compiler{m_program};
  std::vector<std::unique_ptr<SourceFile>> m_files;
  std::vector<std::pair<const SourceFile*, YAML::Node>> m_rule_nodes;
  std::map<std::string, std::string> m_list_sites;
  std::map<std::string, std::string> m_rule_sites;
  std::vector<util::Diagnostic> m_errors;
  std::vector<VocabularyList> m_vocabulary_lists;
  RuleEvents m_events;  ///< conditions by rule, as m_program.rules
};

void Loader::compile_rule(const SourceFile& file, const YAML::Node& node) {
  const auto errors_before = m_errors.size();
  CompiledRule rule;
  const YAML::Node id = node["id"];
  if (!id.IsDefined() || !id.IsScalar()) {
    return error(file, node, "a rule needs an `id:` (letters a-z, digits and '-')");
  }
  rule.id = id.Scalar();
  const std::string what = fmt::format("rule '{}'", rule.id);
  if (!valid_rule_id(rule.id)) {
    error(file, id,
          fmt::format("rule id '{}' may use only a-z, 0-9 and '-', as in arms-transfer", rule.id));
  } else if (const auto first = m_rule_sites.find(rule.id); first != m_rule_sites.end()) {
    error(file, id,
          fmt::format("duplicate rule id '{}': first defined at {}", rule.id, first->second));
  } else {
    m_rule_sites[rule.id] = location(file, id);
  }
  const Entries entries = checked_map(file, node, k_rule_keys, what);
  // Fields first: the query and the exceptions are compiled within them.
  for (const auto& [key, value] : entries) {
    if (key == "fields") read_field(file, rule, key, value, what);
  }
  bool has_query = false;
  for (const auto& [key, value] : entries) {
    if (key == "fields" || key == "event") continue;
    has_query = has_query || key == "query";
    read_field(file, rule, key, value, what);
  }
  // The event condition last: it is read for the kind `extract:` names.
  std::optional<EventCondition> condition;
  for (const auto& [key, value] : entries) {
    if (key != "event") continue;
    condition = read_event_condition({file, *m_events.vocabulary, m_vocabulary_lists, what}, value,
                                     rule.extract, m_errors);
  }
  if (!has_query) error(file, node, fmt::format("{} needs a `query:`", what));
  if (rule.title.empty()) rule.title = rule.id;
  if (m_errors.size() != errors_before) return;
  m_program.rules.push_back(std::move(rule));
  m_events.conditions.push_back(std::move(condition));
}

void Loader::read_field(const SourceFile& file, CompiledRule& rule, const std::string& key,
                        const YAML::Node& value, std::string_view what) {
  const std::string where = fmt::format("{}: ", what);
  if (key == "id") return;
  if (key == "title" || key == "desc") {
    if (auto text = text_of(file, value, fmt::format("{} of {}", key, what))) {
      (key == "title" ? rule.title : rule.desc) = std::move(*text);
    }
  } else if (key == "topics") {
    for (auto& [topic, node] : strings_of(file, value, fmt::format("topics of {}", what))) {
      if (valid_name(topic)) {
        rule.topics.push_back(topic);
      } else {
        error(file, node,
              fmt::format("topic '{}' may use only letters, digits, '_' and '-'", topic));
      }
    }
  } else if (key == "severity") {
    if (auto text = text_of(file, value, "severity")) {
      const auto severity = parse_severity(*text);
      if (severity) {
        rule.severity = *severity;
      } else {
        error(file, value, severity.error().message);
      }
    }
  } else if (key == "fields") {
    rule.fields = 0;
    for (auto& [name, node] : strings_of(file, value, fmt::format("fields of {}", what))) {
      if (name == "title" || name == "summary" || name == "content") {
        rule.fields |= field_bit(name == "title"     ? Field::title
                                 : name == "summary" ? Field::summary
                                                     : Field::content);
      } else {
        error(file, node, fmt::format("unknown field '{}': use title, summary or content", name));
      }
    }
    if (rule.fields == 0) rule.fields = k_all_fields;
  } else if (key == "query") {
    if (auto text = text_of(file, value, fmt::format("query of {}", what))) {
      const ParsedQuery parsed = parse_query(*text);
      if (parsed.error) {
        m_errors.push_back(
            file.at_value(value, parsed.error->offset, where + parsed.error->message));
      } else if (auto expr = m_compiler.compile_query(parsed.root, rule.fields,
                                                      sink_for(file, value, where))) {
        rule.query = *expr;
      }
    }
  } else if (key == "mask") {
    for (auto& [text, node] : strings_of(file, value, fmt::format("mask of {}", what))) {
      if (auto expr = m_compiler.compile_phrase(text, sink_for(file, node, where + "mask: "))) {
        rule.masks.push_back(Labelled{*expr, text});
      }
    }
  } else if (key == "exceptions") {
    for (auto& [text, node] : strings_of(file, value, fmt::format("exceptions of {}", what))) {
      const ParsedQuery parsed = parse_query(text);
      const std::string prefix = where + "exception: ";
      if (parsed.error) {
        m_errors.push_back(
            file.at_value(node, parsed.error->offset, prefix + parsed.error->message));
      } else if (auto expr = m_compiler.compile_query(parsed.root, k_all_fields,
                                                      sink_for(file, node, prefix))) {
        rule.exceptions.push_back(Labelled{*expr, text});
      }
    }
  } else if (key == "suppress") {
    if (auto text = text_of(file, value, "suppress")) {
      const auto duration = util::parse_duration(*text);
      if (!duration) {
        error(file, value, duration.error().message);
      } else if (*duration < std::chrono::seconds(1)) {
        error(file, value, "suppress: must be at least 1s, as in 6h");
      } else {
        rule.suppress = std::chrono::duration_cast<std::chrono::seconds>(*duration);
      }
    }
  } else if (key == "extract") {
    if (auto text = text_of(file, value, "extract")) {
      const auto kind = parse_extract_kind(*text);
      if (!kind) return error(file, value, kind.error().message);
      rule.extract = *kind;
      if (auto missing = m_events.vocabulary->missing(*kind)) error(file, value, where + *missing);
    }
  } else if (key == "tests") {
    read_examples(file, rule, value, what);
  }
}

void Loader::read_examples(const SourceFile& file, CompiledRule& rule, const YAML::Node& value,
                           std::string_view what) {
  const std::string where = fmt::format("tests of {}", what);
  if (!value.IsSequence()) {
    return error(file, value,
                 fmt::format("{} must be a list, as in [{{text: \"...\", expect: match}}]", where));
  }
  for (const auto& item : value) {
    if (!item.IsMap()) {
      error(file, item, "a test is a mapping, as in {text: \"...\", expect: match}");
      continue;
    }
    Example example;
    example.where = file.at(item.Mark(), "");
    bool has_text = false;
    bool has_expect = false;
    for (const auto& [key, node] : checked_map(file, item, k_example_keys, "a test")) {
      if (key == "expect") {
        has_expect = true;
        const std::string expect = node.IsScalar() ? node.Scalar() : std::string();
        if (expect == "match" || expect == "no-match") {
          example.expect_match = expect == "match";
        } else {
          error(file, node, "expect: must be match or no-match");
        }
        continue;
      }
      auto text = text_of(file, node, key);
      if (!text) continue;
      has_text = true;
      if (key == "text") {
        // The first field the rule reads, so the example exercises the rule as written.
        (rule.fields & field_bit(Field::title)     ? example.title
         : rule.fields & field_bit(Field::summary) ? example.summary
                                                   : example.content) = *text;
      } else {
        (key == "title"     ? example.title
         : key == "summary" ? example.summary
                            : example.content) = *text;
      }
    }
    if (!has_text) error(file, item, "a test needs `text:` (or title:, summary:, content:)");
    if (!has_expect) error(file, item, "a test needs `expect: match` or `expect: no-match`");
    rule.examples.push_back(std::move(example));
  }
}

}  // namespace
}  // namespace newsmon::rules::detail

namespace newsmon::rules {

LoadResult load_rules(const std::vector<std::filesystem::path>& paths) {
  detail::Loader loader;
  for (const auto& path : paths) loader.add_path(path);
  return loader.finish();
}

LoadResult load_rules_from_text(const std::string& yaml, const std::filesystem::path& name) {
  detail::Loader loader;
  loader.add_text(name, yaml);
  return loader.finish();
}

}  // namespace newsmon::rules

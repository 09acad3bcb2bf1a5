// Loading rule files: read every file, collect lists and rules with their positions,
// then compile, reporting every problem of every file as FILE:LINE:COL.

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <system_error>

#include <fmt/format.h>

#include "daemon/rules/compiled_size.h"
#include "daemon/rules/compiler.h"
#include "daemon/rules/extract.h"
#include "daemon/rules/query.h"
#include "daemon/rules/rule_events.h"
#include "daemon/rules/rule_set.h"
#include "daemon/util/text.h"
#include "daemon/util/yaml_reader.h"

namespace newsmon::rules::detail {
namespace {

namespace fs = std::filesystem;
using util::YamlReader;

constexpr std::array<std::string_view, 14> k_rule_keys{
    "id",   "title",      "desc",     "topics",  "severity", "fields",  "query",
    "mask", "exceptions", "suppress", "extract", "event",    "enabled", "tests"};
constexpr std::array<std::string_view, 2> k_top_keys{"lists", "rules"};
constexpr std::array<std::string_view, 2> k_list_keys{"stem", "terms"};
constexpr std::array<std::string_view, 5> k_example_keys{"text", "title", "summary", "content",
                                                         "expect"};

constexpr auto k_stemming_names = util::enum_names<Stemming>(
    "stemming", {{Stemming::english, "english"}, {Stemming::none, "none"}});

bool valid_rule_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// The field an example's key fills: `text:` goes to the first field the rule reads, so
// that the example exercises the rule as written.
Field example_field(std::string_view key, FieldMask fields) {
  if (const auto named = k_field_names.find(key)) return *named;
  if (fields & field_bit(Field::title)) return Field::title;
  return fields & field_bit(Field::summary) ? Field::summary : Field::content;
}

// Locates a compiler's complaint about part of a scalar in its file.
ErrorSink sink_for(YamlReader& file, const YAML::Node& scalar, std::string prefix) {
  return [&file, scalar, prefix = std::move(prefix)](std::size_t offset, std::string message) {
    file.error_at_value(scalar, offset, prefix + message);
  };
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
    m_files.push_back(std::make_unique<YamlReader>(name, std::move(text), m_errors));
    YamlReader& file = *m_files.back();
    const auto root = file.parse();
    if (!root || root->IsNull()) return;
    if (!root->IsMap()) {
      return file.error(*root, "a rule file is a mapping with `lists:` and `rules:`");
    }
    const auto top = file.map(*root, "a rule file", k_top_keys);
    for (const auto& [key, value] : *top) {
      if (key == "lists") read_lists(file, value);
      if (key == "rules" && !m_lists_only) read_rules(file, value);
    }
  }

  /// Reads only the lists of the files and folders at path, leaving out those already
  /// defined.
  void add_lists_from(const fs::path& path) {
    m_lists_only = true;
    add_path(path);
    m_lists_only = false;
  }

  LoadResult finish(const LoadOptions& options) {
    m_compiler.compile_lists();
    m_events.vocabulary = Vocabulary::build(m_vocabulary_lists, m_errors);
    for (const auto& [file, node] : m_rule_nodes) compile_rule(*file, node);
    LoadResult result;
    if (m_errors.empty()) {
      if (auto overrun = index_rules(m_program, options.max_compiled)) {
        m_errors.push_back(describe_overrun(m_program, *overrun, options.max_compiled));
      }
    }
    if (!m_errors.empty()) {
      result.errors = std::move(m_errors);
      return result;
    }
    result.rules = make_rule_set(std::move(m_program), std::move(m_events));
    result.summaries = std::move(m_summaries);
    return result;
  }

 private:
  void fail_file(const fs::path& path, std::string message) {
    m_errors.push_back(util::Diagnostic{path, 0, 0, std::move(message), {}});
  }

  void read_lists(YamlReader& file, const YAML::Node& lists);
  void read_list(YamlReader& file, const std::string& name, const YAML::Node& key,
                 const YAML::Node& value);
  void read_rules(YamlReader& file, const YAML::Node& rules);
  void compile_rule(YamlReader& file, const YAML::Node& node);
  void read_field(YamlReader& file, CompiledRule& rule, const std::string& key,
                  const YAML::Node& value, std::string_view what);
  void read_extract(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                    std::string_view what);
  void read_topics(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                   std::string_view what);
  void read_fields(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                   std::string_view what);
  void read_query(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                  std::string_view what);
  void read_masks(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                  std::string_view what);
  void read_exceptions(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                       std::string_view what);
  void read_suppress(YamlReader& file, CompiledRule& rule, const YAML::Node& value);
  void read_examples(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                     std::string_view what);
  void read_example(YamlReader& file, CompiledRule& rule, const YAML::Node& item);

  Program m_program;
  Compiler m_compiler{m_program};
  std::vector<util::Diagnostic> m_errors;  // shared by every file's reader, in reading order
  std::vector<std::unique_ptr<YamlReader>> m_files;
  std::vector<std::pair<YamlReader*, YAML::Node>> m_rule_nodes;
  std::map<std::string, std::string> m_list_sites;
  std::map<std::string, std::string> m_rule_sites;
  std::vector<VocabularyList> m_vocabulary_lists;
  RuleEvents m_events;                   ///< conditions by rule, as m_program.rules
  std::vector<RuleSummary> m_summaries;  // every rule read without error, disabled ones too
  bool m_enabled = true;                 // `enabled:` of the rule being compiled
  bool m_lists_only = false;             // reading other files for their lists alone
};

void Loader::read_lists(YamlReader& file, const YAML::Node& lists) {
  if (!lists.IsMap()) return file.error(lists, "`lists:` must map list names to terms");
  for (const auto& item : lists) {
    const std::string name = item.first.IsScalar() ? item.first.Scalar() : std::string();
    if (!is_name(name)) {
      file.error(item.first, "list names use only letters, digits, '_' and '-'");
      continue;
    }
    if (const auto first = m_list_sites.find(name); first != m_list_sites.end()) {
      if (m_lists_only) continue;
      file.error(item.first,
                 fmt::format("list '{}' is defined twice: first at {}", name, first->second));
      continue;
    }
    m_list_sites[name] = file.location(item.first);
    read_list(file, name, item.first, item.second);
  }
}

void Loader::read_list(YamlReader& file, const std::string& name, const YAML::Node& key,
                       const YAML::Node& value) {
  // The extractor reads the lists too, once all are known (extract_vocabulary.h).
  VocabularyList& words = m_vocabulary_lists.emplace_back(
      VocabularyList{name, std::vector<std::string>{}, file.at(value, "")});
  ListDefinition list;
  list.name = name;
  list.where = file.at(key, {});
  YAML::Node terms;
  terms.reset(value);  // yaml-cpp's operator= would write into the node, not rebind
  const std::string what = fmt::format("list '{}'", name);
  if (value.IsMap()) {
    const auto keys = file.map(value, what, k_list_keys);
    const auto* stem = keys->find("stem");
    if (stem) list.stemming = file.choice(*stem, "stem", k_stemming_names).value_or(Stemming::none);
    const auto* given = keys->find("terms");
    if (!given || given->IsNull()) {
      file.error(value, fmt::format("{} needs `terms:`", what));
      // Defined all the same (empty, so it fails quietly): rules using it should not
      // also report it as unknown.
      return m_compiler.define_list(std::move(list));
    }
    terms.reset(*given);
  }
  for (auto& [text, node] : file.texts(terms, what).value_or(std::vector<util::YamlText>{})) {
    words.entries.push_back(text);
    list.entries.push_back(ListEntry{text, sink_for(file, node, what + ": ")});
  }
  if (list.entries.empty() && terms.IsSequence()) {
    file.error(terms, fmt::format("{} is empty", what));
  }
  m_compiler.define_list(std::move(list));
}

void Loader::read_rules(YamlReader& file, const YAML::Node& rules) {
  if (!rules.IsSequence()) {
    return file.error(rules, "`rules:` must be a list of rules, each starting with `- id:`");
  }
  for (const auto& rule : rules) {
    if (!rule.IsMap()) {
      file.error(rule, "a rule is a mapping with at least `id:` and `query:`");
      continue;
    }
    m_rule_nodes.emplace_back(&file, rule);
  }
}

void Loader::compile_rule(YamlReader& file, const YAML::Node& node) {
  const auto errors_before = m_errors.size();
  const auto first_expr = static_cast<ExprId>(m_program.exprs.size());
  CompiledRule rule;
  m_enabled = true;
  const YAML::Node id = node["id"];
  if (!id.IsDefined() || !id.IsScalar()) {
    return file.error(node, "a rule needs an `id:` (letters a-z, digits and '-')");
  }
  rule.id = id.Scalar();
  rule.where = file.at(id, {});
  const std::string what = fmt::format("rule '{}'", rule.id);
  if (!valid_rule_id(rule.id)) {
    file.error(id, fmt::format("rule id '{}' may use only a-z, 0-9 and '-', as in arms-transfer",
                               rule.id));
  } else if (const auto first = m_rule_sites.find(rule.id); first != m_rule_sites.end()) {
    file.error(id,
               fmt::format("duplicate rule id '{}': first defined at {}", rule.id, first->second));
  } else {
    m_rule_sites[rule.id] = file.location(id);
  }
  const auto entries = file.map(node, what, k_rule_keys);
  // Fields first: the query and the exceptions are compiled within them.
  if (const auto* fields = entries->find("fields")) read_fields(file, rule, *fields, what);
  for (const auto& [key, value] : *entries) {
    if (key != "fields" && key != "event") read_field(file, rule, key, value, what);
  }
  // The event condition last: it is read for the kind `extract:` names.
  std::optional<EventCondition> condition;
  if (const auto* event = entries->find("event")) {
    condition = read_event_condition({file, *m_events.vocabulary, m_vocabulary_lists, what}, *event,
                                     rule.extract);
  }
  if (!entries->find("query")) file.error(node, fmt::format("{} needs a `query:`", what));
  if (rule.title.empty()) rule.title = rule.id;
  if (m_errors.size() != errors_before) return;
  // A disabled rule is checked like the others and known by id, but matches nothing.
  m_summaries.push_back({rule.id, rule.title, rule.topics, rule.severity, m_enabled});
  if (!m_enabled) return;
  m_program.rules.push_back(std::move(rule));
  m_program.rule_first_expr.push_back(first_expr);
  m_events.conditions.push_back(std::move(condition));
}

void Loader::read_field(YamlReader& file, CompiledRule& rule, const std::string& key,
                        const YAML::Node& value, std::string_view what) {
  if (key == "title" || key == "desc") {
    if (auto text = file.string(value, fmt::format("{} of {}", key, what))) {
      (key == "title" ? rule.title : rule.desc) = std::move(*text);
    }
  } else if (key == "topics") {
    read_topics(file, rule, value, what);
  } else if (key == "severity") {
    if (auto severity = file.choice(value, "severity", k_severity_names)) {
      rule.severity = *severity;
    }
  } else if (key == "query") {
    read_query(file, rule, value, what);
  } else if (key == "mask") {
    read_masks(file, rule, value, what);
  } else if (key == "exceptions") {
    read_exceptions(file, rule, value, what);
  } else if (key == "suppress") {
    read_suppress(file, rule, value);
  } else if (key == "extract") {
    read_extract(file, rule, value, what);
  } else if (key == "tests") {
    read_examples(file, rule, value, what);
  } else if (key == "enabled") {
    m_enabled = file.boolean(value, fmt::format("enabled of {}", what)).value_or(true);
  }
}

void Loader::read_extract(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                          std::string_view what) {
  const auto kind = file.choice(value, "extract", k_extract_kind_names);
  if (!kind) return;
  rule.extract = *kind;
  if (auto missing = m_events.vocabulary->missing(*kind)) {
    file.error(value, fmt::format("{}: {}", what, *missing));
  }
}

void Loader::read_topics(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                         std::string_view what) {
  const auto topics = file.texts(value, fmt::format("topics of {}", what));
  for (const auto& [topic, node] : topics.value_or(std::vector<util::YamlText>{})) {
    if (is_name(topic)) {
      rule.topics.push_back(topic);
    } else {
      file.error(node, fmt::format("topic '{}' may use only letters, digits, '_' and '-'", topic));
    }
  }
}

void Loader::read_fields(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                         std::string_view what) {
  rule.fields = 0;
  const auto names = file.texts(value, fmt::format("fields of {}", what));
  for (const auto& [name, node] : names.value_or(std::vector<util::YamlText>{})) {
    if (auto field = file.choice(node, "field", k_field_names)) rule.fields |= field_bit(*field);
  }
  if (rule.fields == 0) rule.fields = k_all_fields;
}

void Loader::read_query(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                        std::string_view what) {
  const auto text = file.string(value, fmt::format("query of {}", what));
  if (!text) return;
  const std::string prefix = fmt::format("{}: ", what);
  rule.query_text = *text;
  rule.location = file.location(value);
  const ParsedQuery parsed = parse_query(*text);
  if (parsed.error) {
    file.error_at_value(value, parsed.error->offset, prefix + parsed.error->message);
  } else if (auto expr = m_compiler.compile_query(parsed.root, rule.fields,
                                                  sink_for(file, value, prefix))) {
    rule.query = *expr;
  }
}

void Loader::read_masks(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                        std::string_view what) {
  const auto masks = file.texts(value, fmt::format("mask of {}", what));
  const std::string prefix = fmt::format("{}: mask: ", what);
  for (const auto& [text, node] : masks.value_or(std::vector<util::YamlText>{})) {
    if (auto expr = m_compiler.compile_phrase(text, sink_for(file, node, prefix))) {
      rule.masks.push_back(Labelled{*expr, text});
    }
  }
}

void Loader::read_exceptions(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                             std::string_view what) {
  const auto exceptions = file.texts(value, fmt::format("exceptions of {}", what));
  const std::string prefix = fmt::format("{}: exception: ", what);
  for (const auto& [text, node] : exceptions.value_or(std::vector<util::YamlText>{})) {
    const ParsedQuery parsed = parse_query(text);
    if (parsed.error) {
      file.error_at_value(node, parsed.error->offset, prefix + parsed.error->message);
    } else if (auto expr = m_compiler.compile_query(parsed.root, k_all_fields,
                                                    sink_for(file, node, prefix))) {
      rule.exceptions.push_back(Labelled{*expr, text});
    }
  }
}

void Loader::read_suppress(YamlReader& file, CompiledRule& rule, const YAML::Node& value) {
  const auto duration = file.duration(value, "suppress");
  if (!duration) return;
  if (*duration < std::chrono::seconds(1)) {
    file.error(value, "suppress: must be at least 1s, as in 6h");
  } else {
    rule.suppress = std::chrono::duration_cast<std::chrono::seconds>(*duration);
  }
}

void Loader::read_examples(YamlReader& file, CompiledRule& rule, const YAML::Node& value,
                           std::string_view what) {
  if (!value.IsSequence()) {
    return file.error(value, fmt::format("tests of {} must be a list, as in "
                                         "[{{text: \"...\", expect: match}}]",
                                         what));
  }
  for (const auto& item : value) {
    if (!item.IsMap()) {
      file.error(item, "a test is a mapping, as in {text: \"...\", expect: match}");
    } else {
      read_example(file, rule, item);
    }
  }
}

void Loader::read_example(YamlReader& file, CompiledRule& rule, const YAML::Node& item) {
  Example example;
  example.where = file.at(item, "");
  bool has_text = false;
  const auto entries = file.map(item, "a test", k_example_keys);
  for (const auto& [key, node] : *entries) {
    if (key == "expect") {
      const std::string expect = node.IsScalar() ? node.Scalar() : std::string();
      if (expect == "match" || expect == "no-match") {
        example.expect_match = expect == "match";
      } else {
        file.error(node, "expect: must be match or no-match");
      }
      continue;
    }
    auto text = file.string(node, key);
    if (!text) continue;
    has_text = true;
    const Field field = example_field(key, rule.fields);
    (field == Field::title     ? example.title
     : field == Field::summary ? example.summary
                               : example.content) = *text;
  }
  if (!has_text) file.error(item, "a test needs `text:` (or title:, summary:, content:)");
  if (!entries->find("expect")) {
    file.error(item, "a test needs `expect: match` or `expect: no-match`");
  }
  rule.examples.push_back(std::move(example));
}

}  // namespace
}  // namespace newsmon::rules::detail

namespace newsmon::rules {

LoadResult load_rules(const std::vector<std::filesystem::path>& paths, const LoadOptions& options) {
  detail::Loader loader;
  for (const auto& path : paths) loader.add_path(path);
  return loader.finish(options);
}

LoadResult load_rules_from_text(const std::string& yaml, const std::filesystem::path& name,
                                const LoadOptions& options) {
  detail::Loader loader;
  loader.add_text(name, yaml);
  return loader.finish(options);
}

LoadResult load_rules_with_lists(const std::string& yaml, const std::filesystem::path& name,
                                 const std::vector<std::filesystem::path>& list_sources,
                                 const LoadOptions& options) {
  detail::Loader loader;
  loader.add_text(name, yaml);
  for (const auto& path : list_sources) loader.add_lists_from(path);
  return loader.finish(options);
}

}  // namespace newsmon::rules

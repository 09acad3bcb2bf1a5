// Rule queries and rule files: parsed, compiled, their tests run, and stories matched.

#include <cstdio>
#include <string>

#include "daemon/rules/query.h"
#include "daemon/rules/rule_set.h"
#include "tests/fuzz/fuzz.h"

namespace newsmon::fuzz {
namespace {

constexpr std::string_view k_story_title = "US commits 31 Abrams tanks to Ukraine";
constexpr std::string_view k_story_summary =
    "NATO's Secretary General urged South Korea to send weapons to Kyiv; Poland buys K2 "
    "Black Panther tanks, and the think tank said nothing. title: $weapons \"NEAR/3\" *";

// Lists a fuzzed query may name, of each kind (plain, stemmed, nested, cased).
constexpr std::string_view k_lists =
    "lists:\n"
    "  weapons: [abrams, \"leopard 2*\", \"k2 black panther\", himars, tank*]\n"
    "  verbs: {stem: english, terms: [supply, deliver, send, \"send back\", pledge]}\n"
    "  parties: [$weapons, ukraine, kyiv, \"south korea\", cased:NATO]\n";

void check_node(const rules::QueryNode& node, std::size_t text_size) {
  require(node.offset <= text_size && node.length <= text_size - node.offset,
          "a query node lies within the query text");
  for (const auto& child : node.children) check_node(child, text_size);
}

// A double-quoted YAML scalar holding exactly these bytes.
std::string yaml_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7F) {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\x%02X", byte);
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string_view field_text(const rules::Story& story, rules::Field field) {
  switch (field) {
    case rules::Field::title: return story.title;
    case rules::Field::summary: return story.summary;
    case rules::Field::content: return story.content;
  }
  return {};
}

// Every hit names bytes of the story that are there (rules/match.h).
void check_matches(const rules::RuleSet& rule_set, const rules::Story& story) {
  std::vector<rules::Match> dropped;
  for (const auto& match : rule_set.match(story, rules::Explain::yes, &dropped)) {
    for (const auto& hit : match.hits) {
      const std::string_view text = field_text(story, hit.field);
      require(hit.start <= hit.end && hit.end <= text.size(), "a hit lies within its field");
      require(text.substr(hit.start, hit.end - hit.start) == hit.text,
              "a hit's text is the bytes it spans");
    }
  }
}

void match_stories(const rules::RuleSet& rule_set, std::string_view input) {
  check_matches(rule_set, {k_story_title, k_story_summary, {}});
  check_matches(rule_set, {input, k_story_title, k_story_summary});
}

}  // namespace

void rules_query(std::string_view input) {
  const rules::ParsedQuery parsed = rules::parse_query(input);
  if (parsed.error) {
    require(parsed.error->offset <= input.size(), "a query error points into the query");
  } else {
    check_node(parsed.root, input.size());
  }
  std::string file(k_lists);
  file += "rules:\n  - id: fuzzed\n    query: " + yaml_quoted(input) + "\n";
  const rules::LoadResult loaded = rules::load_rules_from_text(file, "fuzz.yaml");
  require(loaded.rules != nullptr || !loaded.errors.empty(), "a rule set or its errors");
  if (loaded.rules) match_stories(*loaded.rules, input);
}

void rules_file(std::string_view input) {
  const rules::LoadResult loaded = rules::load_rules_from_text(std::string(input), "fuzz.yaml");
  require(loaded.rules != nullptr || !loaded.errors.empty(), "a rule set or its errors");
  for (const auto& error : loaded.errors) {
    require(error.line >= 0 && error.column >= 0 && !error.message.empty(),
            "an error has a place and a message");
    (void)error.format();
  }
  if (!loaded.rules) return;
  (void)loaded.rules->run_tests();
  match_stories(*loaded.rules, input);
}

}  // namespace newsmon::fuzz

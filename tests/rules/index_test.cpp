#include "tests/rules/helpers.h"

#include <random>
#include <thread>

using namespace newsmon::rules;
using namespace newsmon::rules::test;

namespace {

const std::vector<std::string> k_words{"tank",   "tanks", "ukraine", "kyiv", "abrams",
                                       "pledge", "nato",  "think",   "f-16", "korea's"};

class RandomQueries {
 public:
  explicit RandomQueries(unsigned seed) : m_random(seed) {}

  std::string query(int depth = 0) {
    const int choice = depth > 2 ? pick(0, 3) : pick(0, 9);
    switch (choice) {
      case 0:
      case 1: return word();
      case 2: return "\"" + word() + " " + word() + "\"";
      case 3: return word().substr(0, 3) + "*";
      case 4: return "(" + query(depth + 1) + " AND " + query(depth + 1) + ")";
      case 5: return "(" + query(depth + 1) + " OR " + query(depth + 1) + ")";
      case 6: return "(" + query(depth + 1) + " NOT " + query(depth + 1) + ")";
      case 7:
        return "(" + query(depth + 1) + (pick(0, 1) ? " NEAR/" : " ONEAR/") +
               std::to_string(pick(0, 3)) + " " + query(depth + 1) + ")";
      case 8: return "title:(" + query(depth + 1) + ")";  // one field: scopes nest
      default: return query(depth + 1) + " " + query(depth + 1);
    }
  }

  std::string text() {
    std::string out;
    const int length = pick(0, 10);
    for (int i = 0; i < length; ++i) out += (i ? " " : "") + word();
    return out;
  }

 private:
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_random); }
  std::string word() { return k_words[static_cast<std::size_t>(pick(0, 9))]; }

  std::mt19937 m_random;
};

std::string yaml_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::vector<std::string> ids(const std::vector<Match>& matches) {
  std::vector<std::string> out;
  for (const auto& match : matches) out.push_back(match.rule_id);
  return out;
}

}  // namespace

TEST_CASE("Selecting rules by their terms never loses a match", "[rules][index]") {
  // The same queries twice: as written (selected through the index) and wrapped in
  // NOT NOT, which means the same but needs no word, so it is evaluated on every story.
  RandomQueries random(7);
  std::string indexed = "rules:\n";
  std::string everywhere = "rules:\n";
  for (int i = 0; i < 300; ++i) {
    const std::string query = random.query();
    const std::string id = "  - {id: r" + std::to_string(i) + ", query: ";
    indexed += id + yaml_quoted(query) + "}\n";
    everywhere += id + yaml_quoted("NOT NOT (" + query + ")") + "}\n";
  }
  const auto selected = compile(indexed);
  const auto all = compile(everywhere);
  CHECK(all->stats().always_evaluated == 300);
  CHECK(selected->stats().always_evaluated < 150);
  std::size_t matched = 0;
  for (int i = 0; i < 400; ++i) {
    const std::string title = random.text();
    const std::string summary = random.text();
    const Story story{title, summary, ""};
    const auto expected = ids(all->match(story));
    INFO(title << " | " << summary);
    CHECK(ids(selected->match(story)) == expected);
    matched += expected.size();
  }
  CHECK(matched > 1000);  // the comparison is not vacuous
}

TEST_CASE("Rules that need no word are evaluated on every story", "[rules][index]") {
  const auto rules = compile(R"(
rules:
  - {id: negative, query: 'NOT tanks'}
  - {id: pattern, query: '/[0-9]{4}/'}
  - {id: word, query: 'tanks'}
)");
  CHECK(rules->stats().always_evaluated == 2);
  CHECK(ids(rules->match(Story{"Report 2023", "", ""})) ==
        std::vector<std::string>{"negative", "pattern"});
}

TEST_CASE("Rule sets used in turn on one thread never mix up their dictionaries",
          "[rules][index]") {
  const auto first = rule("tanks");
  const auto second =
      compile("rules:\n  - {id: other, query: 'tank*'}\n  - {id: r, query: ukraine}\n");
  for (int round = 0; round < 3; ++round) {
    CHECK(ids(first->match(Story{"tanks for ukraine", "", ""})) == std::vector<std::string>{"r"});
    CHECK(ids(second->match(Story{"tanks for ukraine", "", ""})) ==
          std::vector<std::string>{"other", "r"});
    CHECK(first->match(Story{"ukraine", "", ""}).empty());
  }
}

TEST_CASE("One rule set matches on many threads at once with the same results", "[rules][index]") {
  const auto rules = compile(R"(
lists:
  verbs: {stem: english, terms: [deliver, send, pledge]}
rules:
  - {id: a, query: '(abrams OR tank*) NEAR/4 $verbs', mask: ["think tank"]}
  - {id: b, query: 'cased:NATO korea'}
  - {id: c, query: 'NOT ukraine'}
)");
  RandomQueries random(11);
  std::vector<Story> stories;
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i) texts.push_back(random.text() + " delivered NATO Korea's");
  for (const auto& text : texts) stories.push_back(Story{text, "", ""});
  std::vector<std::vector<std::string>> expected;
  for (const auto& story : stories) expected.push_back(ids(rules->match(story)));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t i = 0; i < stories.size(); ++i) {
          if (ids(rules->match(stories[i])) != expected[i])
            ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(mismatches == std::vector<int>(4, 0));
}

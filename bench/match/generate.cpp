#include "bench/match/generate.h"

#include <algorithm>
#include <random>
#include <set>

#include <fmt/format.h>

#include "daemon/util/tokenize.h"

namespace newsmon::bench {
namespace {

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

class Generator {
 public:
  Generator(const Vocabulary& vocabulary, unsigned seed, double known_entities, double topics)
      : m_vocabulary(vocabulary),
        m_random(seed),
        m_known_entities(known_entities),
        m_topics(topics) {}

  std::string pick(const std::vector<std::string>& words) {
    return words[std::uniform_int_distribution<std::size_t>(0, words.size() - 1)(m_random)];
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(m_random); }
  int between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_random); }

  // A name the corpus never mentions: syllables, so it tokenizes like a real name.
  std::string invented_name() {
    static const char* const k_syllables[] = {"ka",  "ro",   "vel", "min", "tar",  "zu",
                                              "lo",  "shen", "dor", "ia",  "quin", "bra",
                                              "hal", "et",   "mur", "sk"};
    std::string name;
    const int parts = between(2, 4);
    for (int i = 0; i < parts; ++i) name += k_syllables[between(0, 15)];
    return name;
  }

  RuleTree entity() {
    RuleTree group{RuleTree::Kind::any_of, {}, {}};
    const int names = between(1, 3);
    for (int i = 0; i < names; ++i) {
      std::string name = chance(m_known_entities) ? pick(m_vocabulary.names) : invented_name();
      if (chance(0.25)) name = "\"" + name + " " + invented_name() + "\"";
      group.children.push_back(RuleTree{RuleTree::Kind::term, name, {}});
    }
    return group;
  }

  RuleTree context() {
    RuleTree group{RuleTree::Kind::any_of, {}, {}};
    const int words = between(1, 4);
    for (int i = 0; i < words; ++i) {
      std::string word = pick(m_vocabulary.context);
      if (chance(0.2) && word.size() > 4) word = word.substr(0, word.size() - 1) + "*";
      group.children.push_back(RuleTree{RuleTree::Kind::term, word, {}});
    }
    if (chance(0.3)) group.children.push_back(RuleTree{RuleTree::Kind::term, "$verbs", {}});
    return group;
  }

  RuleTree rule() {
    RuleTree root{chance(0.4) ? RuleTree::Kind::near : RuleTree::Kind::all_of, {}, {}};
    // A few rules watch a topic rather than an entity: two groups of common words,
    // which select them for many stories.
    root.children.push_back(chance(m_topics) ? context() : entity());
    root.children.push_back(context());
    if (chance(0.2)) {
      RuleTree negation{RuleTree::Kind::negation, {}, {}};
      negation.children.push_back(RuleTree{RuleTree::Kind::term, pick(m_vocabulary.context), {}});
      return RuleTree{RuleTree::Kind::all_of, {}, {root, negation}};
    }
    return root;
  }

 private:
  const Vocabulary& m_vocabulary;
  std::mt19937 m_random;
  double m_known_entities;
  double m_topics;
};

std::string to_query(const RuleTree& tree) {
  switch (tree.kind) {
    case RuleTree::Kind::term: return tree.term;
    case RuleTree::Kind::negation: return "NOT " + to_query(tree.children[0]);
    case RuleTree::Kind::near:
      return "(" + to_query(tree.children[0]) + ") NEAR/8 (" + to_query(tree.children[1]) + ")";
    default: break;
  }
  std::string out;
  const char* joint = tree.kind == RuleTree::Kind::all_of ? " AND " : " OR ";
  for (const auto& child : tree.children) {
    if (!out.empty()) out += joint;
    out += child.kind == RuleTree::Kind::term ? to_query(child) : "(" + to_query(child) + ")";
  }
  return out;
}

}  // namespace

const std::vector<std::string>& transfer_verbs() {
  static const std::vector<std::string> k_verbs{"supply", "deliver", "sell",   "send",
                                                "donate", "pledge",  "export", "transfer"};
  return k_verbs;
}

Vocabulary vocabulary_of(const std::vector<std::string>& texts) {
  static const std::set<std::string> k_skip{"the",  "and",  "for", "with", "that",  "this", "from",
                                            "was",  "were", "are", "has",  "have",  "its",  "said",
                                            "will", "not",  "but", "they", "their", "after"};
  std::set<std::string> names;
  std::set<std::string> context;
  for (const auto& text : texts) {
    for (const auto& token : util::tokenize(text, util::JoinedForms::skip)) {
      if (token.folded.size() < 3 || k_skip.count(token.folded)) continue;
      const char first = text[token.start];
      const bool capital = first >= 'A' && first <= 'Z';
      (capital ? names : context).insert(token.folded);
    }
  }
  for (const auto& name : names) context.erase(name);
  return Vocabulary{{names.begin(), names.end()}, {context.begin(), context.end()}};
}

GeneratedRules generate_rules(std::size_t count, const Vocabulary& vocabulary, unsigned seed) {
  // A watch list grows by adding subjects; the news of the day mentions a few dozen of
  // them. So about 40 rules (a fifth of small sets) name entities the corpus mentions,
  // and about 10 (a twentieth of small sets) are topic rules.
  const double size = static_cast<double>(std::max<std::size_t>(count, 1));
  Generator generator(vocabulary, seed, std::min(0.2, 40.0 / size), std::min(0.05, 10.0 / size));
  GeneratedRules out;
  out.yaml = "lists:\n  verbs: {stem: english, terms: [";
  for (const auto& verb : transfer_verbs()) out.yaml += verb + (verb == "transfer" ? "" : ", ");
  out.yaml += "]}\nrules:\n";
  for (std::size_t i = 0; i < count; ++i) {
    RuleTree tree = generator.rule();
    out.yaml += fmt::format("  - id: rule-{}\n    topics: [t{}]\n    query: {}\n", i, i % 7,
                            quoted(to_query(tree)));
    if (generator.chance(0.1)) out.yaml += "    mask: [\"think tank*\"]\n";
    if (generator.chance(0.1)) out.yaml += "    fields: [title, summary]\n";
    out.trees.push_back(std::move(tree));
  }
  return out;
}

}  // namespace newsmon::bench

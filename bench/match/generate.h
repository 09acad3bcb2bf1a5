#pragma once
// Generated rule sets for the matching benchmark, written like analysts' watch rules:
// each rule watches an entity (a name or a short list of names) in a context (a few
// common words, a shared stemmed verb list), joined by AND or NEAR, sometimes with a
// NOT, a mask or a field scope.

#include <cstddef>
#include <string>
#include <vector>

namespace newsmon::bench {

/// A boolean tree of terms, kept for the baseline, which evaluates it with one regular
/// expression per term.
struct RuleTree {
  enum class Kind { term, all_of, any_of, negation, near };
  Kind kind = Kind::term;
  std::string term;  ///< a word, "a phrase", or prefix* (term only)
  std::vector<RuleTree> children;
};

struct GeneratedRules {
  std::string yaml;             ///< the rule file
  std::vector<RuleTree> trees;  ///< the same rules for the baseline ($verbs expanded)
};

struct Vocabulary {
  std::vector<std::string> names;    ///< capitalised words of the corpus (entities)
  std::vector<std::string> context;  ///< other words of the corpus
};

/// Words of the corpus stories (title and summary), split by how they are written.
Vocabulary vocabulary_of(const std::vector<std::string>& texts);

/// `count` rules; the same seed gives the same rules. About 40 rules (a fifth of smaller
/// sets) name entities from the corpus, the others entities the corpus never mentions,
/// as in a large watch list; about 10 (a twentieth of smaller sets) are topic rules that
/// name only common words.
GeneratedRules generate_rules(std::size_t count, const Vocabulary& vocabulary, unsigned seed);

/// The verbs of the shared stemmed list, for the baseline.
const std::vector<std::string>& transfer_verbs();

}  // namespace newsmon::bench

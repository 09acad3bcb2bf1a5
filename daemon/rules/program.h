#pragma once
// Internal to daemon/rules: the compiled form of a rule set, written by the compiler
// and read by the matcher. Immutable once built, so it is shared between threads freely.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daemon/rules/extract.h"
#include "daemon/rules/flat_table.h"
#include "daemon/rules/match.h"
#include "daemon/rules/query.h"
#include "daemon/util/diagnostic.h"
#include "daemon/util/tokenize.h"

namespace re2 {
class RE2;
}

namespace newsmon::rules::detail {

using PatternId = std::uint32_t;
using ExprId = std::uint32_t;
using RuleIndex = std::uint32_t;

enum class PatternKind : std::uint8_t { exact, prefix, stem };

/// One entry of the dictionary: what a single story token must be to count.
struct Pattern {
  PatternKind kind = PatternKind::exact;
  std::string key;    ///< folded token, folded prefix, or English stem
  std::string cased;  ///< when set: the token as written (NFKC) must equal this
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

/// Every pattern of every rule, deduplicated, with the lookups a story token needs:
/// one hash lookup for exact tokens, a walk down a byte trie for prefixes, and one
/// memoised stem plus a hash lookup when stemmed lists exist.
class Dictionary {
 public:
  /// The id of the pattern, adding it when new.
  PatternId add(PatternKind kind, std::string key, std::string cased = {});
  const Pattern& pattern(PatternId id) const { return m_patterns[id]; }
  std::size_t size() const { return m_patterns.size(); }

  Dictionary();
  Dictionary(Dictionary&&) noexcept = default;
  /// Identifies this dictionary among all built in the process (per-thread caches).
  std::uint64_t generation() const { return m_generation; }
  Dictionary& operator=(Dictionary&&) noexcept = default;

  /// Appends the ids of the patterns a token matches, given its folded form and its
  /// text as the story has it (for case-sensitive patterns). Results for a folded token
  /// are remembered per thread (news vocabulary repeats), so most tokens cost one hash
  /// lookup and no allocation; the memory is bounded and belongs to the thread, so this
  /// stays const and thread-safe.
  void lookup(std::string_view folded, std::string_view written, std::vector<PatternId>& out) const;

 private:
  struct Lookup {
    std::vector<PatternId> ids;  ///< patterns that need no case check
    bool cased = false;          ///< case-sensitive patterns share this folded key
  };
  Lookup compute(std::string_view folded) const;

  std::uint64_t m_generation;  ///< tells per-thread caches of different dictionaries apart
  std::vector<Pattern> m_patterns;
  StringMap<PatternId> m_ids;
  StringMap<std::vector<PatternId>> m_exact;
  StringMap<std::vector<PatternId>> m_stems;
  std::unordered_map<std::uint64_t, std::uint32_t> m_trie_edges;  ///< (node << 8 | byte) -> node
  std::vector<std::vector<PatternId>> m_trie_patterns{1};         ///< per node; node 0 = root
};

/// A set of patterns as the words of a bitmap by pattern id that hold one of them.
struct PatternMask {
  std::vector<std::pair<std::uint32_t, std::uint64_t>> words;  ///< (pattern id / 64, bits)

  static PatternMask of(const std::vector<PatternId>& patterns) {
    PatternMask mask;
    for (const PatternId pattern : patterns) {
      const std::uint32_t word = pattern >> 6;
      if (mask.words.empty() || mask.words.back().first != word) mask.words.emplace_back(word, 0);
      mask.words.back().second |= std::uint64_t{1} << (pattern & 63);
    }
    return mask;
  }
};

enum class ExprKind : std::uint8_t { phrase, regex, all_of, any_of, negation, near, scope };

/// A node of a compiled query. Children (and a phrase's patterns) are ranges of the
/// program's shared arrays, so a whole rule set is a handful of flat vectors.
struct Expr {
  ExprKind kind = ExprKind::phrase;
  FieldMask fields = k_all_fields;  ///< scope
  bool ordered = false;             ///< near
  std::uint32_t distance = 0;       ///< near
  std::uint32_t first = 0;  ///< phrase: into phrase_patterns; regex: into regexes; else children
  std::uint32_t count = 0;
};

/// A `tests:` example of a rule.
struct Example {
  std::string title;
  std::string summary;
  std::string content;
  bool expect_match = true;
  util::Diagnostic where;  ///< file and line of the example, for failure reports
};

/// A mask phrase or an exception query, with its text for explanations.
struct Labelled {
  ExprId expr = 0;
  std::string text;
};

struct CompiledRule {
  util::Diagnostic where;  ///< the file, line and column of its id (no message)
  std::string id;
  std::string title;
  std::string desc;
  std::vector<std::string> topics;
  Severity severity = Severity::medium;
  FieldMask fields = k_all_fields;
  ExprId query = 0;
  std::string query_text;  ///< as written, for people reading the rule
  std::string location;    ///< "FILE:LINE" of the query
  std::vector<Labelled> masks;
  std::vector<Labelled> exceptions;
  std::chrono::seconds suppress{0};
  ExtractKind extract = ExtractKind::none;
  std::vector<Example> examples;
};

using PhraseId = std::uint32_t;
constexpr std::uint32_t k_no_phrase = 0xffff'ffff;

/// The dictionary over token sequences: every distinct phrase of the rule set (a
/// sequence of patterns, one per word position; a single word is a phrase of one) in a
/// trie over pattern ids, so one pass over a story's tokens finds every phrase of every
/// rule, list and mask that occurs, wherever it occurs.
struct PhraseIndex {
  std::vector<PhraseId> expr_phrase;  ///< by expression: its phrase (phrase expressions only)
  std::size_t phrase_count = 0;
  std::vector<std::uint32_t> first;  ///< by pattern: the node its one word leads to; 0 = none
  /// (node << 32 | pattern) -> node, for the second and later words of phrases.
  IdTable next;
  std::vector<PhraseId> ends;         ///< by node: the phrase ending there, or k_no_phrase
  std::vector<std::uint8_t> goes_on;  ///< by node: whether longer phrases continue from it
};

/// One phrase of a list: the list, the phrase's place in it (lists hold phrases in the
/// order their entries are written, nested lists expanded), and its expression.
struct ListMember {
  std::uint32_t list = 0;
  std::uint32_t rank = 0;
  ExprId leaf = 0;
};

/// ORs of many phrases (lists, and lists of lists) evaluated from the phrases a story
/// contains rather than entry by entry, so a list costs what its words that occur cost,
/// not what its length does.
struct ListIndex {
  std::vector<std::uint32_t> expr_list;  ///< by expression: list number + 1; 0 = not a list
  std::size_t list_count = 0;
  std::vector<std::uint32_t> member_begin;  ///< by phrase, into members; one past the end last
  std::vector<ListMember> members;          ///< grouped by phrase
};

/// A list defined under `lists:`, for messages about the rules that use it.
struct NamedList {
  std::string name;
  std::size_t entries = 0;
  util::Diagnostic where;  ///< the file, line and column of its name (no message)
};

struct Program {
  Program();
  ~Program();
  Program(Program&&) noexcept;
  Program& operator=(Program&&) noexcept;

  Dictionary dictionary;
  std::vector<Expr> exprs;
  std::vector<ExprId> children;
  std::vector<PatternId> phrase_patterns;
  std::vector<std::unique_ptr<re2::RE2>> regexes;
  std::vector<CompiledRule> rules;
  /// By pattern: the rules whose first (most selective) anchor set holds it.
  std::vector<std::vector<RuleIndex>> anchored;
  /// By rule: its other anchor sets, checked once the first one has selected it.
  std::vector<std::vector<std::vector<PatternId>>> other_sets;
  std::vector<RuleIndex> always;  ///< rules evaluated on every story
  /// By expression: its gate number + 1, 0 for none. An AND, NEAR, scope or short OR
  /// of a rule (query, mask or exception) whose anchor sets are not empty has a gate.
  std::vector<std::uint32_t> expr_gate;
  /// The anchor sets of the gated expressions as bitmaps: the expression can hold only
  /// in a story that has a pattern of every set, so one without is passed over.
  std::vector<std::vector<PatternMask>> gates;
  bool has_stems = false;
  PhraseIndex phrases;
  ListIndex lists;
  /// By expression: the named lists (the OR the compiler made of each).
  std::unordered_map<ExprId, NamedList> named_lists;
  /// By rule: the first of its expressions (a rule's expressions are contiguous, compiled
  /// after every list).
  std::vector<ExprId> rule_first_expr;
};

/// Where building the indexes went past the ceiling on their size.
struct Overrun {
  std::optional<RuleIndex> rule;  ///< the rule being indexed; none while indexing lists
  ExprId expr = 0;                ///< an expression of that rule, or a list's
  std::size_t bytes = 0;          ///< the size reached, estimated
};

/// An estimate of the bytes a program holds, indexes included: what is counted against
/// the ceiling on compiled size. Compiling a program costs about twice this at its peak.
std::size_t program_bytes(const Program& program);

/// Fills program.anchored, required_sets and always from the rules' queries, in the
/// manner of Lucene Monitor's multipass presearcher: each rule gets up to three anchor
/// sets, each a set of patterns one of which must occur for the rule to match (every
/// child of an AND or NEAR and every word of a phrase gives one; an OR unites one set
/// of each child; NOT and regular expressions give none). A story selects a rule only
/// when it satisfies all of the rule's sets, so a rare word anchors a rule even when
/// the rule also names common ones. Only the first, most selective set is looked up
/// through postings; the others are checked for the few rules it selects.
/// Also builds program.phrases and program.lists (index_phrases).
/// What the indexes take grows with the entries of each list times the rules that use
/// it; building stops before the program would pass `max_bytes` (as program_bytes()
/// counts), leaving it unusable, and says where.
std::optional<Overrun> index_rules(Program& program, std::size_t max_bytes);

/// Fills program.phrases and program.lists from the compiled expressions; stops as
/// index_rules() does. `used` is what the program holds already and grows by what the
/// indexes take.
std::optional<Overrun> index_phrases(Program& program, std::size_t max_bytes, std::size_t& used);

}  // namespace newsmon::rules::detail

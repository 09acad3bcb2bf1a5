#pragma once
// The query language of watch rules (docs/rules.md), parsed into a tree. Parsing knows
// nothing of lists, dictionaries or stories: the compiler resolves `$list` names, folds
// the words and checks regular expressions.
//
// Grammar, loosest binding first (NOT > NEAR > AND > OR):
//   or   := and ("OR" and)*
//   and  := near (["AND"] near)*          whitespace between terms means AND
//   near := unary (("NEAR/n" | "ONEAR/n") unary)*
//   unary:= "NOT" unary | primary
//   primary := "(" or ")" | field ":" primary | "cased:" (word | "phrase")
//            | word | "phrase" | $list | /regex/

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/rules/match.h"

namespace newsmon::rules {

/// A set of story fields, one bit per Field.
using FieldMask = std::uint8_t;
inline constexpr FieldMask k_all_fields = 0b111;
inline constexpr FieldMask field_bit(Field field) {
  return static_cast<FieldMask>(1u << static_cast<unsigned>(field));
}

struct QueryNode {
  enum class Kind { term, list, regex, all_of, any_of, negation, near, scope };
  Kind kind = Kind::term;
  /// term: the words as written (no quotes; may hold spaces and trailing '*');
  /// list: the name without '$'; regex: the pattern without slashes.
  std::string text;
  bool cased = false;               ///< term written as cased:WORD
  int distance = 0;                 ///< near: at most this many tokens between the operands
  bool ordered = false;             ///< near: ONEAR, left operand first
  FieldMask fields = k_all_fields;  ///< scope
  std::vector<QueryNode> children;
  std::size_t offset = 0;  ///< byte offset of the node in the query text
  std::size_t length = 0;  ///< bytes the node's own token spans (for carets)
};

struct QueryError {
  std::size_t offset = 0;  ///< byte offset in the query text where the problem is
  std::string message;
};

struct ParsedQuery {
  QueryNode root;
  std::optional<QueryError> error;  ///< when set, root is meaningless
};

/// Parses a query. Errors say what is wrong and how to write it instead; never throws.
ParsedQuery parse_query(std::string_view text);

/// True for letters, digits, '_' and '-' only: what list names ($name) and topics are.
bool is_name(std::string_view text);

/// Largest distance NEAR/n accepts.
inline constexpr int k_max_near_distance = 1000;
/// The most groups, NOTs and field scopes a query may nest inside each other.
inline constexpr int k_max_query_depth = 100;

}  // namespace newsmon::rules

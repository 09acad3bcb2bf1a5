#pragma once
// The baseline the matcher is measured against: every rule evaluated on its own, each
// term a case-insensitive RE2 regular expression run over the story text. NEAR is
// treated as AND, which flatters the baseline (it does less work than proximity).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/match/generate.h"

namespace re2 {
class RE2;
}

namespace newsmon::bench {

class BaselineRule {
 public:
  explicit BaselineRule(const RuleTree& tree);
  ~BaselineRule();
  BaselineRule(BaselineRule&&) noexcept;
  BaselineRule& operator=(BaselineRule&&) noexcept;

  bool matches(std::string_view text) const;

  struct Node;  ///< one operator or term of the rule

 private:
  std::unique_ptr<Node> m_root;
};

/// The regular expression for one term of a generated rule.
std::string term_regex(const std::string& term);

}  // namespace newsmon::bench

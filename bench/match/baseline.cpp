#include "bench/match/baseline.h"

#include <re2/re2.h>

namespace newsmon::bench {

struct BaselineRule::Node {
  RuleTree::Kind kind = RuleTree::Kind::term;
  std::unique_ptr<RE2> regex;
  std::vector<Node> children;

  bool matches(std::string_view text) const {
    switch (kind) {
      case RuleTree::Kind::term:
        return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *regex);
      case RuleTree::Kind::negation: return !children[0].matches(text);
      case RuleTree::Kind::any_of:
        for (const auto& child : children) {
          if (child.matches(text)) return true;
        }
        return false;
      default:
        for (const auto& child : children) {
          if (!child.matches(text)) return false;
        }
        return true;
    }
  }
};

namespace {

BaselineRule::Node build(const RuleTree& tree);

}  // namespace

std::string term_regex(const std::string& term) {
  if (term == "$verbs") {
    std::string alternatives;
    for (const auto& verb : transfer_verbs()) {
      alternatives += (alternatives.empty() ? "" : "|") + verb.substr(0, verb.size() - 1);
    }
    return "(?i)\\b(?:" + alternatives + ")\\w*";
  }
  std::string body = term;
  if (body.front() == '"') body = body.substr(1, body.size() - 2);
  const bool prefix = body.back() == '*';
  if (prefix) body.pop_back();
  std::string pattern = "(?i)\\b";
  for (const char c : body) {
    pattern += c == ' ' ? std::string("\\W+") : RE2::QuoteMeta(std::string(1, c));
  }
  return pattern + (prefix ? "\\w*" : "\\b");
}

namespace {

BaselineRule::Node build(const RuleTree& tree) {
  BaselineRule::Node node;
  node.kind = tree.kind;
  if (tree.kind == RuleTree::Kind::term) {
    node.regex = std::make_unique<RE2>(term_regex(tree.term));
    return node;
  }
  for (const auto& child : tree.children) node.children.push_back(build(child));
  return node;
}

}  // namespace

BaselineRule::BaselineRule(const RuleTree& tree) : m_root(std::make_unique<Node>(build(tree))) {}
BaselineRule::~BaselineRule() = default;
BaselineRule::BaselineRule(BaselineRule&&) noexcept = default;
BaselineRule& BaselineRule::operator=(BaselineRule&&) noexcept = default;

bool BaselineRule::matches(std::string_view text) const {
  return m_root->matches(text);
}

}  // namespace newsmon::bench

#include "daemon/rules/query.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "daemon/util/ascii.h"

namespace newsmon::rules {
namespace {

enum class TokenKind {
  end,
  open,
  close,
  op_and,
  op_or,
  op_not,
  op_near,
  scope,
  cased,
  word,
  phrase,
  list,
  regex
};

struct LexToken {
  TokenKind kind = TokenKind::end;
  std::string text;
  std::size_t offset = 0;
  std::size_t length = 0;
  int distance = 0;
  bool ordered = false;
  FieldMask fields = k_all_fields;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool ends_bare_word(char c) {
  return is_space(c) || c == '(' || c == ')' || c == '"';
}
bool is_name_char(char c) {
  return util::is_ascii_alnum(c) || c == '_' || c == '-';
}
bool is_alpha(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), util::is_ascii_alpha);
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : m_text(text) {}

  /// The next token, or nullopt with error() set.
  std::optional<LexToken> next() {
    while (m_at < m_text.size() && is_space(m_text[m_at])) ++m_at;
    LexToken token;
    token.offset = m_at;
    if (m_at >= m_text.size()) return token;
    const char c = m_text[m_at];
    if (c == '(' || c == ')') {
      token.kind = c == '(' ? TokenKind::open : TokenKind::close;
      token.length = 1;
      ++m_at;
      return token;
    }
    if (c == '"') return quoted(token);
    if (c == '/') return regex(token);
    if (c == '$') return list(token);
    return bare(token);
  }

  const QueryError& error() const { return m_error; }

 private:
  std::optional<LexToken> fail(std::size_t offset, std::string message) {
    m_error = QueryError{offset, std::move(message)};
    return std::nullopt;
  }

  std::optional<LexToken> quoted(LexToken token) {
    const auto close = m_text.find('"', m_at + 1);
    if (close == std::string_view::npos) {
      return fail(m_at, "this quote is never closed: add the closing \"");
    }
    token.kind = TokenKind::phrase;
    token.text = std::string(m_text.substr(m_at + 1, close - m_at - 1));
    token.length = close + 1 - m_at;
    m_at = close + 1;
    if (token.text.find_first_not_of(" \t\r\n") == std::string::npos) {
      return fail(token.offset, "empty phrase: put words between the quotes");
    }
    return token;
  }

  std::optional<LexToken> regex(LexToken token) {
    std::string pattern;
    std::size_t at = m_at + 1;
    for (; at < m_text.size() && m_text[at] != '/'; ++at) {
      if (m_text[at] == '\\' && at + 1 < m_text.size() && m_text[at + 1] == '/') ++at;
      pattern += m_text[at];
    }
    if (at >= m_text.size()) {
      return fail(m_at,
                  "this regular expression is never closed: end it with / (write \\/ for a "
                  "slash inside it)");
    }
    if (pattern.empty()) return fail(m_at, "empty regular expression");
    if (at + 1 < m_text.size() && !ends_bare_word(m_text[at + 1])) {
      return fail(at + 1,
                  "unexpected text after the regular expression: flags go inside it, "
                  "as in /(?i)pattern/");
    }
    token.kind = TokenKind::regex;
    token.text = std::move(pattern);
    token.length = at + 1 - m_at;
    m_at = at + 1;
    return token;
  }

  std::optional<LexToken> list(LexToken token) {
    std::size_t at = m_at + 1;
    while (at < m_text.size() && is_name_char(m_text[at])) ++at;
    if (at == m_at + 1) return fail(m_at, "'$' must be followed by a list name, as in $weapons");
    if (at < m_text.size() && !ends_bare_word(m_text[at])) {
      return fail(at, "list names use only letters, digits, '_' and '-'");
    }
    token.kind = TokenKind::list;
    token.text = std::string(m_text.substr(m_at + 1, at - m_at - 1));
    token.length = at - m_at;
    m_at = at;
    return token;
  }

  std::optional<LexToken> bare(LexToken token) {
    std::size_t end = m_at;
    while (end < m_text.size() && !ends_bare_word(m_text[end])) ++end;
    const std::string_view word = m_text.substr(m_at, end - m_at);
    const auto colon = word.find(':');
    if (colon != std::string_view::npos && is_alpha(word.substr(0, colon))) {
      return prefix(token, word.substr(0, colon));
    }
    token.length = word.size();
    m_at = end;
    if (word == "AND") return with_kind(token, TokenKind::op_and);
    if (word == "OR") return with_kind(token, TokenKind::op_or);
    if (word == "NOT") return with_kind(token, TokenKind::op_not);
    if (word.starts_with("NEAR") || word.starts_with("ONEAR")) return near(token, word);
    if (word == "and" || word == "or" || word == "not" || word.starts_with("near/") ||
        word.starts_with("onear/")) {
      return fail(token.offset,
                  fmt::format("operators are written in capitals: write {} for the operator, or "
                              "\"{}\" in quotes to match the word",
                              to_upper(word), word));
    }
    return word_token(token, word);
  }

  static std::string to_upper(std::string_view word) {
    std::string out(word);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
  }

  static std::optional<LexToken> with_kind(LexToken token, TokenKind kind) {
    token.kind = kind;
    return token;
  }

  std::optional<LexToken> prefix(LexToken token, std::string_view name) {
    token.length = name.size() + 1;
    token.text = std::string(name);
    m_at += name.size() + 1;
    if (name == "cased") return with_kind(token, TokenKind::cased);
    token.kind = TokenKind::scope;
    const auto field = k_field_names.find(name);
    if (!field) {
      return fail(token.offset,
                  fmt::format("unknown prefix '{}:': use title:, summary:, content: or cased: "
                              "(put text with a colon in quotes)",
                              name));
    }
    token.fields = field_bit(*field);
    return token;
  }

  std::optional<LexToken> near(LexToken token, std::string_view word) {
    token.ordered = word.front() == 'O';
    const std::string_view name = token.ordered ? "ONEAR" : "NEAR";
    const std::string_view rest = word.substr(name.size());
    int distance = -1;
    if (rest.size() > 1 && rest.front() == '/') {
      const auto* first = rest.data() + 1;
      const auto* last = rest.data() + rest.size();
      const auto [end, code] = std::from_chars(first, last, distance);
      if (code != std::errc() || end != last) distance = -1;
    }
    if (distance < 0 || distance > k_max_near_distance) {
      return fail(token.offset,
                  fmt::format("{} needs a distance from 0 to {} in tokens, as in {}/5", name,
                              k_max_near_distance, name));
    }
    token.kind = TokenKind::op_near;
    token.distance = distance;
    return token;
  }

  std::optional<LexToken> word_token(LexToken token, std::string_view word) {
    const auto star = word.find('*');
    if (star != std::string_view::npos && star + 1 != word.size()) {
      return fail(token.offset + star, "'*' may only end a word, as in munition*");
    }
    if (word == "*") return fail(token.offset, "'*' needs a prefix before it, as in munition*");
    token.kind = TokenKind::word;
    token.text = std::string(word);
    return token;
  }

  std::string_view m_text;
  std::size_t m_at = 0;
  QueryError m_error;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : m_lexer(text) {}

  ParsedQuery run() {
    ParsedQuery parsed;
    advance();
    if (!m_error && m_token.kind == TokenKind::end) {
      fail(m_token.offset, "empty query: write the words to look for");
    }
    if (!m_error) parsed.root = parse_or();
    if (!m_error && m_token.kind == TokenKind::close) {
      fail(m_token.offset, "this ')' has no matching '('");
    }
    if (!m_error && m_token.kind != TokenKind::end) {
      fail(m_token.offset, "unexpected text here");
    }
    parsed.error = m_error;
    return parsed;
  }

 private:
  void advance() {
    if (m_error) return;
    auto token = m_lexer.next();
    if (!token) {
      m_error = m_lexer.error();
      m_token = LexToken{};
      return;
    }
    m_token = std::move(*token);
  }

  void fail(std::size_t offset, std::string message) {
    if (!m_error) m_error = QueryError{offset, std::move(message)};
  }

  // One level of a group, a NOT or a field scope inside another: the parser recurses for
  // each, so the depth is bounded before it could exhaust the stack.
  class Level {
   public:
    explicit Level(Parser& parser) : m_parser(parser) {
      if (++m_parser.m_depth > k_max_query_depth) {
        m_parser.fail(m_parser.m_token.offset,
                      fmt::format("the query nests more than {} groups, NOTs or fields inside "
                                  "each other: write it flatter",
                                  k_max_query_depth));
      }
    }
    ~Level() { --m_parser.m_depth; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;
    bool too_deep() const { return m_parser.m_depth > k_max_query_depth; }

   private:
    Parser& m_parser;
  };

  static QueryNode combine(QueryNode::Kind kind, std::vector<QueryNode> children) {
    if (children.size() == 1) return std::move(children.front());
    QueryNode node;
    node.kind = kind;
    node.offset = children.front().offset;
    node.children = std::move(children);
    return node;
  }

  QueryNode parse_or() {
    std::vector<QueryNode> children;
    children.push_back(parse_and());
    while (!m_error && m_token.kind == TokenKind::op_or) {
      const auto at = m_token.offset;
      advance();
      require_operand(at, "OR");
      children.push_back(parse_and());
    }
    return combine(QueryNode::Kind::any_of, std::move(children));
  }

  bool starts_operand() const {
    switch (m_token.kind) {
      case TokenKind::open:
      case TokenKind::op_not:
      case TokenKind::scope:
      case TokenKind::cased:
      case TokenKind::word:
      case TokenKind::phrase:
      case TokenKind::list:
      case TokenKind::regex: return true;
      default: return false;
    }
  }

  void require_operand(std::size_t operator_offset, std::string_view name) {
    if (!m_error && !starts_operand()) {
      fail(m_token.kind == TokenKind::end ? operator_offset : m_token.offset,
           fmt::format("{} needs a term or a group after it", name));
    }
  }

  QueryNode parse_and() {
    std::vector<QueryNode> children;
    children.push_back(parse_near());
    while (!m_error) {
      if (m_token.kind == TokenKind::op_and) {
        const auto at = m_token.offset;
        advance();
        require_operand(at, "AND");
      } else if (!starts_operand()) {
        break;
      }
      children.push_back(parse_near());
    }
    return combine(QueryNode::Kind::all_of, std::move(children));
  }

  QueryNode parse_near() {
    QueryNode left = parse_unary();
    while (!m_error && m_token.kind == TokenKind::op_near) {
      QueryNode node;
      node.kind = QueryNode::Kind::near;
      node.distance = m_token.distance;
      node.ordered = m_token.ordered;
      node.offset = m_token.offset;
      node.length = m_token.length;
      const char* name = m_token.ordered ? "ONEAR" : "NEAR";
      advance();
      require_operand(node.offset, name);
      QueryNode right = parse_unary();
      check_near_operand(left, name);
      check_near_operand(right, name);
      node.children.push_back(std::move(left));
      node.children.push_back(std::move(right));
      left = std::move(node);
    }
    return left;
  }

  void check_near_operand(const QueryNode& operand, std::string_view name) {
    if (operand.kind == QueryNode::Kind::negation) {
      fail(operand.offset,
           fmt::format("NOT cannot be an operand of {}: it has no position in the text; write "
                       "(a {}/5 b) AND NOT c",
                       name, name));
    }
  }

  QueryNode parse_unary() {
    if (m_token.kind != TokenKind::op_not) return parse_primary();
    const Level level(*this);
    if (level.too_deep()) return {};
    QueryNode node;
    node.kind = QueryNode::Kind::negation;
    node.offset = m_token.offset;
    node.length = m_token.length;
    advance();
    require_operand(node.offset, "NOT");
    node.children.push_back(parse_unary());
    return node;
  }

  QueryNode parse_primary() {
    QueryNode node;
    node.offset = m_token.offset;
    node.length = m_token.length;
    switch (m_token.kind) {
      case TokenKind::open: return parse_group();
      case TokenKind::scope: return parse_scope();
      case TokenKind::cased: return parse_cased();
      case TokenKind::word:
      case TokenKind::phrase: node.kind = QueryNode::Kind::term; break;
      case TokenKind::list: node.kind = QueryNode::Kind::list; break;
      case TokenKind::regex: node.kind = QueryNode::Kind::regex; break;
      case TokenKind::close: fail(m_token.offset, "this ')' has no matching '('"); return node;
      case TokenKind::end:
        fail(m_token.offset, "the query ends where a term was expected");
        return node;
      default: fail(m_token.offset, "an operator here needs a term before it"); return node;
    }
    node.text = std::move(m_token.text);
    advance();
    return node;
  }

  QueryNode parse_group() {
    const Level level(*this);
    if (level.too_deep()) return {};
    const auto open = m_token.offset;
    advance();
    if (!m_error && m_token.kind == TokenKind::close) {
      fail(m_token.offset, "empty parentheses: put a term inside");
      return {};
    }
    QueryNode inner = parse_or();
    if (!m_error && m_token.kind != TokenKind::close) {
      fail(open, "this '(' is never closed: add the matching ')'");
    }
    advance();
    return inner;
  }

  QueryNode parse_scope() {
    const Level level(*this);
    if (level.too_deep()) return {};
    QueryNode node;
    node.kind = QueryNode::Kind::scope;
    node.offset = m_token.offset;
    node.length = m_token.length;
    node.fields = m_token.fields;
    const std::string name = m_token.text;
    advance();
    if (!m_error && (!starts_operand() || m_token.kind == TokenKind::op_not)) {
      fail(node.offset, fmt::format("{}: needs a term or a group right after it, as in "
                                    "{}:(tank OR tanks)",
                                    name, name));
      return node;
    }
    node.children.push_back(parse_primary());
    return node;
  }

  QueryNode parse_cased() {
    const auto at = m_token.offset;
    const auto length = m_token.length;
    advance();
    if (!m_error && m_token.kind != TokenKind::word && m_token.kind != TokenKind::phrase) {
      fail(at, "cased: applies to a word or a quoted phrase, as in cased:NATO");
      return {};
    }
    QueryNode node = parse_primary();
    node.cased = true;
    node.offset = at;
    node.length = length + node.length;
    if (!m_error && node.text.find('*') != std::string::npos) {
      fail(at, "cased: terms cannot use '*': list the forms to match");
    }
    return node;
  }

  Lexer m_lexer;
  LexToken m_token;
  int m_depth = 0;  // groups, NOTs and field scopes open around the token
  std::optional<QueryError> m_error;
};

}  // namespace

bool is_name(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_name_char);
}

ParsedQuery parse_query(std::string_view text) {
  return Parser(text).run();
}

}  // namespace newsmon::rules

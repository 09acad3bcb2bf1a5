#include "daemon/rules/compiler.h"

#include <algorithm>

#include <fmt/format.h>
#include <re2/re2.h>

#include "daemon/rules/stem.h"
#include "daemon/util/fold.h"
#include "daemon/util/spelling.h"

namespace newsmon::rules::detail {
namespace {

struct Word {
  std::string_view text;
  std::size_t offset = 0;
};

std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() &&
           (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) {
      ++at;
    }
    const std::size_t start = at;
    while (at < text.size() && text[at] != ' ' && text[at] != '\t' && text[at] != '\n' &&
           text[at] != '\r') {
      ++at;
    }
    if (at > start) words.push_back(Word{text.substr(start, at - start), start});
  }
  return words;
}

const char* field_list(FieldMask fields) {
  static const char* const k_names[] = {"no field",         "title",     "summary",
                                        "title, summary",   "content",   "title, content",
                                        "summary, content", "all fields"};
  return k_names[fields & k_all_fields];
}

}  // namespace

struct Compiler::ListState {
  ListDefinition definition;
  enum class Status { pending, compiling, done, failed } status = Status::pending;
  ExprId expr = 0;
};

Compiler::Compiler(Program& program)
    : m_program(program), m_lists(std::make_unique<StringMap<ListState>>()) {}
Compiler::~Compiler() = default;

void Compiler::define_list(ListDefinition list) {
  std::string name = list.name;
  (*m_lists)[name] = ListState{std::move(list)};
}

void Compiler::compile_lists() {
  for (auto& [name, list] : *m_lists) compile_list(list);
}

ExprId Compiler::add(Expr expr, const std::vector<ExprId>& children) {
  expr.first = static_cast<std::uint32_t>(m_program.children.size());
  expr.count = static_cast<std::uint32_t>(children.size());
  m_program.children.insert(m_program.children.end(), children.begin(), children.end());
  m_program.exprs.push_back(expr);
  return static_cast<ExprId>(m_program.exprs.size() - 1);
}

ExprId Compiler::add_phrase(const std::vector<PatternId>& patterns) {
  Expr expr;
  expr.kind = ExprKind::phrase;
  expr.first = static_cast<std::uint32_t>(m_program.phrase_patterns.size());
  expr.count = static_cast<std::uint32_t>(patterns.size());
  m_program.phrase_patterns.insert(m_program.phrase_patterns.end(), patterns.begin(),
                                   patterns.end());
  m_program.exprs.push_back(expr);
  return static_cast<ExprId>(m_program.exprs.size() - 1);
}

std::optional<ExprId> Compiler::compile_query(const QueryNode& root, FieldMask fields,
                                              const ErrorSink& report) {
  return compile(root, fields, report);
}

std::optional<ExprId> Compiler::compile(const QueryNode& node, FieldMask fields,
                                        const ErrorSink& report) {
  switch (node.kind) {
    case QueryNode::Kind::term:
      return compile_term(node.text, node.offset + (node.cased ? 6 : 0), node.cased, Stemming::none,
                          report);
    case QueryNode::Kind::list: return list_expr(node.text, node.offset, report);
    case QueryNode::Kind::regex: return compile_regex(node, report);
    default: break;
  }
  Expr expr;
  FieldMask child_fields = fields;
  switch (node.kind) {
    case QueryNode::Kind::all_of: expr.kind = ExprKind::all_of; break;
    case QueryNode::Kind::any_of: expr.kind = ExprKind::any_of; break;
    case QueryNode::Kind::negation: expr.kind = ExprKind::negation; break;
    case QueryNode::Kind::near:
      expr.kind = ExprKind::near;
      expr.distance = static_cast<std::uint32_t>(node.distance);
      expr.ordered = node.ordered;
      break;
    default:
      expr.kind = ExprKind::scope;
      expr.fields = node.fields;
      child_fields = static_cast<FieldMask>(fields & node.fields);
      if (child_fields == 0) {
        report(node.offset, fmt::format("this scope lies outside the rule's fields ({}): add the "
                                        "field to `fields:` or drop the scope",
                                        field_list(fields)));
        return std::nullopt;
      }
      break;
  }
  std::vector<ExprId> children;
  bool failed = false;
  for (const QueryNode& child : node.children) {
    const auto id = compile(child, child_fields, report);
    if (id) {
      children.push_back(*id);
    } else {
      failed = true;
    }
  }
  if (failed) return std::nullopt;
  return add(expr, children);
}

std::optional<ExprId> Compiler::compile_term(std::string_view text, std::size_t offset, bool cased,
                                             Stemming stemming, const ErrorSink& report) {
  std::vector<PatternId> parts;
  std::vector<PatternId> joined;
  const auto pattern_for = [&](const util::Token& token, std::string_view word, bool prefix) {
    if (prefix) return m_program.dictionary.add(PatternKind::prefix, token.folded);
    if (cased) {
      return m_program.dictionary.add(
          PatternKind::exact, token.folded,
          util::nfkc(word.substr(token.start, token.end - token.start)));
    }
    if (stemming == Stemming::english) {
      m_program.has_stems = true;
      return m_program.dictionary.add(PatternKind::stem, stem_english(token.folded));
    }
    return m_program.dictionary.add(PatternKind::exact, token.folded);
  };
  for (const Word& word : split_words(text)) {
    std::string_view body = word.text;
    const bool prefix = body.ends_with('*');
    if (prefix) body.remove_suffix(1);
    if (const auto star = body.find('*'); star != std::string_view::npos) {
      report(offset + word.offset + star, "'*' may only end a word, as in munition*");
      return std::nullopt;
    }
    const auto tokens = util::tokenize(body);
    if (tokens.empty()) {
      report(offset + word.offset,
             fmt::format("'{}' has no letters or digits to match: words are matched as whole "
                         "tokens, punctuation is ignored",
                         word.text));
      return std::nullopt;
    }
    // A joined form ("f16" for "F-16") stands in the second sequence for its parts.
    std::optional<std::uint32_t> skip_through;
    for (const util::Token& token : tokens) {
      const bool last = token.last_position == tokens.back().last_position;
      const PatternId id = pattern_for(token, body, prefix && last);
      if (token.joined()) {
        joined.push_back(id);
        skip_through = token.last_position;
        continue;
      }
      parts.push_back(id);
      if (!skip_through || token.position > *skip_through) joined.push_back(id);
    }
  }
  if (parts.empty()) {
    report(offset, "empty term: write the words to look for");
    return std::nullopt;
  }
  const ExprId written = add_phrase(parts);
  if (joined == parts) return written;
  const ExprId together = add_phrase(joined);
  Expr any;
  any.kind = ExprKind::any_of;
  return add(any, {written, together});
}

std::optional<ExprId> Compiler::compile_regex(const QueryNode& node, const ErrorSink& report) {
  RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_unique<RE2>(node.text, options);
  if (!regex->ok()) {
    report(node.offset, fmt::format("bad regular expression /{}/: {}", node.text, regex->error()));
    return std::nullopt;
  }
  Expr expr;
  expr.kind = ExprKind::regex;
  expr.first = static_cast<std::uint32_t>(m_program.regexes.size());
  m_program.regexes.push_back(std::move(regex));
  m_program.exprs.push_back(expr);
  return static_cast<ExprId>(m_program.exprs.size() - 1);
}

std::string Compiler::suggest_list(std::string_view name) const {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& [candidate, list] : *m_lists) {
    const auto distance = util::edit_distance(name, candidate);
    if (distance < best_distance || (distance == best_distance && candidate < best)) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::optional<ExprId> Compiler::list_expr(std::string_view name, std::size_t offset,
                                          const ErrorSink& report) {
  const auto found = m_lists->find(name);
  if (found == m_lists->end()) {
    const std::string suggestion = suggest_list(name);
    report(offset, suggestion.empty()
                       ? fmt::format("unknown list '${}': define it under `lists:` in any rule "
                                     "file",
                                     name)
                       : fmt::format("unknown list '${}': did you mean '${}'?", name, suggestion));
    return std::nullopt;
  }
  ListState& list = found->second;
  if (list.status == ListState::Status::compiling) {
    report(offset, fmt::format("list '${}' includes itself", name));
    return std::nullopt;
  }
  return compile_list(list);
}

std::optional<ExprId> Compiler::compile_list(ListState& list) {
  if (list.status == ListState::Status::done) return list.expr;
  if (list.status == ListState::Status::failed) return std::nullopt;
  list.status = ListState::Status::compiling;
  std::vector<ExprId> children;
  bool failed = false;
  for (const ListEntry& entry : list.definition.entries) {
    const auto id = compile_entry(entry, list.definition.stemming);
    if (id) {
      children.push_back(*id);
    } else {
      failed = true;
    }
  }
  if (failed || children.empty()) {
    list.status = ListState::Status::failed;
    return std::nullopt;
  }
  Expr any;
  any.kind = ExprKind::any_of;
  list.expr = add(any, children);
  list.status = ListState::Status::done;
  m_program.named_lists[list.expr] =
      NamedList{list.definition.name, list.definition.entries.size(), list.definition.where};
  return list.expr;
}

std::optional<ExprId> Compiler::compile_entry(const ListEntry& entry, Stemming stemming) {
  std::string_view text = entry.text;
  std::size_t offset = 0;
  while (offset < text.size() && text[offset] == ' ') ++offset;
  if (text.substr(offset).starts_with('$')) {
    std::string_view name = text.substr(offset + 1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    return list_expr(name, offset, entry.report);
  }
  bool cased = false;
  if (text.substr(offset).starts_with("cased:")) {
    cased = true;
    offset += 6;
    if (text.find('*') != std::string_view::npos) {
      entry.report(offset, "cased: entries cannot use '*': list the forms to match");
      return std::nullopt;
    }
  }
  return compile_term(text.substr(offset), offset, cased, cased ? Stemming::none : stemming,
                      entry.report);
}

std::optional<ExprId> Compiler::compile_phrase(std::string_view text, const ErrorSink& report) {
  return compile_entry(ListEntry{std::string(text), report}, Stemming::none);
}

}  // namespace newsmon::rules::detail

#pragma once
// Internal to daemon/rules: turns parsed queries, list entries and mask phrases into
// the flat expressions and dictionary patterns of a Program.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/rules/program.h"
#include "daemon/rules/query.h"

namespace newsmon::rules::detail {

/// Receives a problem at a byte offset of the text being compiled.
using ErrorSink = std::function<void(std::size_t offset, std::string message)>;

enum class Stemming { none, english };

struct ListEntry {
  std::string text;  ///< a word or phrase, optional '*' ending words, optional "cased:"
  ErrorSink report;  ///< locates problems of this entry in its file
};

struct ListDefinition {
  util::Diagnostic where;  ///< where its name is written, for messages about it
  std::string name;
  Stemming stemming = Stemming::none;
  std::vector<ListEntry> entries;
};

class Compiler {
 public:
  explicit Compiler(Program& program);
  ~Compiler();
  Compiler(const Compiler&) = delete;
  Compiler& operator=(const Compiler&) = delete;

  /// Makes a list known by name; call for every list before compiling queries. A list
  /// entry may name another list as "$other".
  void define_list(ListDefinition list);
  /// Compiles every defined list, reporting problems in their entries. Lists that fail
  /// are remembered so queries using them fail without repeating the report.
  void compile_lists();

  /// Compiles a query limited to `fields`. nullopt when anything was reported.
  std::optional<ExprId> compile_query(const QueryNode& root, FieldMask fields,
                                      const ErrorSink& report);
  /// Compiles a mask entry: a phrase ("think tank*") or a "$list" of phrases.
  std::optional<ExprId> compile_phrase(std::string_view text, const ErrorSink& report);

  /// The names of the defined lists closest to `name`, for "did you mean" hints.
  std::string suggest_list(std::string_view name) const;

 private:
  struct ListState;

  std::optional<ExprId> compile(const QueryNode& node, FieldMask fields, const ErrorSink& report);
  std::optional<ExprId> compile_term(std::string_view text, std::size_t offset, bool cased,
                                     Stemming stemming, const ErrorSink& report);
  std::optional<ExprId> compile_regex(const QueryNode& node, const ErrorSink& report);
  std::optional<ExprId> list_expr(std::string_view name, std::size_t offset,
                                  const ErrorSink& report);
  std::optional<ExprId> compile_list(ListState& list);
  std::optional<ExprId> compile_entry(const ListEntry& entry, Stemming stemming);
  ExprId add(Expr expr, const std::vector<ExprId>& children);
  ExprId add_phrase(const std::vector<PatternId>& patterns);

  Program& m_program;
  std::unique_ptr<StringMap<ListState>> m_lists;
};

}  // namespace newsmon::rules::detail

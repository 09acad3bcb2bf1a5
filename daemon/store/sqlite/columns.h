#pragma once
// Private to store/sqlite: reading rows into values and writing the JSON columns (arrays
// of names, snippets) the way every statement of the backend does.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/store/records.h"
#include "daemon/store/sqlite/database.h"
#include "daemon/store/store.h"

namespace newsmon::store::sqlite {

/// Every row of the query, read by `read`.
template <typename T, typename Read>
util::Result<std::vector<T>> collect(Query& query, Read read) {
  std::vector<T> rows;
  for (;;) {
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back(read(*query));
  }
}

/// The columns of a feeds row that read_feed() reads, in its order.
extern const char* const k_feed_columns;
FeedState read_feed(const Statement& row);

/// A JSON array of texts; empty for anything else (a column edited by hand).
std::vector<std::string> string_array(std::string_view json_text);
/// A severity by name; medium for an unknown one.
rules::Severity severity_of(std::string_view name);
/// The notice in three columns from `first`: rules (JSON), topics (JSON), severity.
Notice notice_of(const Statement& row, int first);

std::string snippet_json(const Snippet& snippet);
/// The snippet a column holds; an empty one for anything unreadable.
Snippet parse_snippet(std::string_view json_text);

}  // namespace newsmon::store::sqlite

#pragma once
// Private to store/sqlite: reading a query's rows; the column readers shared with the
// other backends (row_readers.h) under the names this backend's code uses.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/store/records.h"
#include "daemon/store/row_readers.h"
#include "daemon/store/sqlite/database.h"

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

using rows::notice_of;
using rows::parse_snippet;
using rows::severity_of;
using rows::snippet_json;
using rows::string_array;

}  // namespace newsmon::store::sqlite

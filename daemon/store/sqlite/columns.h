#pragma once
// Private to store/sqlite: reading a query's rows; the column readers shared with the
// other backends (row_readers.h) under the names this backend's code uses.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/store/records.h"
#include "daemon/store/row_readers.h"
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

using rows::notice_of;
using rows::parse_snippet;
using rows::severity_of;
using rows::snippet_json;
using rows::string_array;

/// The columns of a feeds row that read_feed() reads, in its order.
inline constexpr const char* k_feed_columns =
    "id, configured_url, url, title, site_link, active, etag, last_modified, "
    "last_poll_at, last_result, last_http_status, last_error, last_new_items, "
    "consecutive_failures, last_success_at, next_poll_at, interval_seconds, "
    "publish_gap_seconds, last_new_item_at, redirect_candidate, redirect_streak, "
    "coalesce(lease_holder, ''), coalesce(lease_until, 0)";
inline FeedState read_feed(const Statement& row) {
  return rows::read_feed(row);
}

}  // namespace newsmon::store::sqlite

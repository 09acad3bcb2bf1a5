#pragma once
// Running work in one transaction, the same in every backend: a Transaction is anything
// constructed on a connection that begins in its constructor, reports that by begun(),
// commits by commit() and rolls back when destroyed uncommitted (sqlite::WriteTransaction,
// postgres::Transaction). Private to store/.

#include "daemon/util/result.h"

namespace newsmon::store {

/// What `work()` gives (a util::Result), with the work in one transaction on `connection`:
/// committed when the work succeeds, rolled back when it fails.
template <typename Transaction, typename Connection, typename Work>
auto in_transaction(Connection& connection, Work work) -> decltype(work()) {
  Transaction transaction(connection);
  if (!transaction.begun()) return transaction.begun().error();
  auto result = work();
  if (!result) return result;
  if (auto status = transaction.commit(); !status) return status.error();
  return result;
}

}  // namespace newsmon::store

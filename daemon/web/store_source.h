#pragma once
// The console's ConsoleSource on the store::Store interface, for every backend.

#include <memory>

#include "daemon/web/source.h"

namespace newsmon::store {
class Store;
}

namespace newsmon::web {

/// The store must outlive the source. Thread-safe as the store is.
std::unique_ptr<ConsoleSource> make_store_source(store::Store& store);

}  // namespace newsmon::web

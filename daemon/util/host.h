#pragma once
// Who this process is on the network: the names daemons sharing a database record.

#include <string>

namespace newsmon::util {

/// This machine's host name (gethostname); "localhost" when it cannot be read.
std::string host_name();

/// True when a process with this pid exists on this machine (it may belong to another
/// user); false when there is none.
bool process_exists(long pid);

}  // namespace newsmon::util

#pragma once
// The two measurements of bench/deliver.

#include <filesystem>

namespace newsmon::bench {

/// Delivers `deliveries` stored alerts to a local receiver through the outbox at several
/// concurrencies, beside the same requests sent by the HTTP client alone; prints a table.
int run_throughput(int deliveries);

/// Runs `newsmon run` against a local feed polled every second, adds `stories` stories
/// one by one, and prints the time from each story's appearance to its webhook's arrival.
int run_latency(const std::filesystem::path& newsmon, int stories);

}  // namespace newsmon::bench

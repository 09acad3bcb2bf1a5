// `newsmon status [--config FILE] [--json]`: the daemons sharing the database, how fresh
// each one's heartbeat is, what each holds (feeds claimed for a poll, deliveries being
// sent) and the delivery queue. It only reads, so it works beside running daemons.

#include <algorithm>
#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "daemon/app/command.h"
#include "daemon/app/config.h"
#include "daemon/app/instance.h"
#include "daemon/app/store_access.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"

namespace newsmon::app {
namespace {

constexpr const char* k_name = "status";

struct StatusOptions {
  ConfigFile config;
  bool json = false;
};

struct Snapshot {
  std::vector<store::InstanceStatus> instances;
  store::QueueStats queue;
  store::Epoch now = 0;
};

bool is_stale(const store::InstanceInfo& instance, store::Epoch now) {
  return now - instance.heartbeat_at > k_heartbeat_stale.count();
}

nlohmann::json to_json(const Config& config, const Snapshot& snapshot) {
  nlohmann::json instances = nlohmann::json::array();
  for (const auto& status : snapshot.instances) {
    const auto& instance = status.instance;
    instances.push_back({{"id", instance.id},
                         {"host", instance.host},
                         {"pid", instance.pid},
                         {"started_at", instance.started_at},
                         {"heartbeat_at", instance.heartbeat_at},
                         {"heartbeat_age_seconds", snapshot.now - instance.heartbeat_at},
                         {"stale", is_stale(instance, snapshot.now)},
                         {"feeds_leased", status.feeds_leased},
                         {"deliveries_leased", status.deliveries_leased}});
  }
  return {{"database", shown_database(config)},
          {"now", snapshot.now},
          {"instances", std::move(instances)},
          {"queue",
           {{"pending", snapshot.queue.pending},
            {"dead", snapshot.queue.dead},
            {"oldest_pending_age_seconds", snapshot.queue.oldest_pending_age_seconds}}}};
}

void print_table(const Config& config, const Snapshot& snapshot) {
  fmt::print("database {}\n", shown_database(config));
  if (snapshot.instances.empty()) {
    fmt::print("no daemon is registered: none is running on this database\n");
  } else {
    fmt::print("{:<32} {:<20} {:>8} {:<10} {:<16} {:>6} {:>10}\n", "INSTANCE", "HOST", "PID",
               "STARTED", "HEARTBEAT", "FEEDS", "DELIVERIES");
  }
  for (const auto& status : snapshot.instances) {
    const auto& instance = status.instance;
    const auto heartbeat = relative_time(instance.heartbeat_at, snapshot.now) +
                           (is_stale(instance, snapshot.now) ? " STALE" : "");
    fmt::print("{:<32} {:<20} {:>8} {:<10} {:<16} {:>6} {:>10}\n", instance.id, instance.host,
               instance.pid, relative_time(instance.started_at, snapshot.now), heartbeat,
               status.feeds_leased, status.deliveries_leased);
  }
  fmt::print("deliveries: {} pending", snapshot.queue.pending);
  if (snapshot.queue.pending > 0) {
    fmt::print(
        " (oldest {})",
        relative_time(snapshot.now - snapshot.queue.oldest_pending_age_seconds, snapshot.now));
  }
  fmt::print(", {} dead\n", snapshot.queue.dead);
  if (std::any_of(snapshot.instances.begin(), snapshot.instances.end(),
                  [&](const auto& status) { return is_stale(status.instance, snapshot.now); })) {
    fmt::print(
        "a STALE daemon has not renewed its heartbeat for over {}s: it died or is stuck; its "
        "leases run out and others take its work\n",
        k_heartbeat_stale.count());
  }
}

util::Result<Snapshot> read_snapshot(const Config& config) {
  auto store = open_configured_store(config, store::Access::read_only);
  if (!store) return store.error();
  Snapshot snapshot;
  snapshot.now = util::to_epoch_seconds(util::SystemClock().now());
  auto instances = (*store)->instances(snapshot.now);
  if (!instances) return instances.error();
  snapshot.instances = std::move(*instances);
  auto queue = (*store)->queue_stats(snapshot.now);
  if (!queue) return queue.error();
  snapshot.queue = *queue;
  return snapshot;
}

int run_status(const StatusOptions& options) {
  const auto config = load_config_or_report(options.config);
  if (!config) return 1;
  const auto snapshot = read_snapshot(*config);
  if (!snapshot) {
    print_stderr(k_name, snapshot.error().message);
    return 1;
  }
  if (options.json) {
    fmt::print("{}\n", to_json(*config, *snapshot).dump());
  } else {
    print_table(*config, *snapshot);
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace

Command add_status_command(CLI::App& cli) {
  auto options = std::make_shared<StatusOptions>();
  auto* command = cli.add_subcommand(
      k_name, "the daemons sharing the database, their heartbeats, what each holds, the queue");
  add_config_option(*command, options->config);
  command->add_flag("--json", options->json, "one JSON object");
  return {command, [options] { return run_status(*options); }};
}

}  // namespace newsmon::app

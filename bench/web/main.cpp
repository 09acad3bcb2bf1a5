// The web console's server time for its busiest pages over a large database: the alerts
// list (plain, filtered, searched, a deep page) and one alert's page, each asked for many
// times through the console itself (store queries and rendering; no network). Prints the
// median, 95th percentile and worst in milliseconds beside the goal of 50 ms.
//
//   bench_web DATABASE_FOLDER RULES_FOLDER [ALERTS] [REPEATS]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "daemon/rules/rule_set.h"
#include "daemon/store/store.h"
#include "daemon/util/clock.h"
#include "daemon/web/console.h"
#include "daemon/web/store_source.h"

using namespace newsmon;
using Clock = std::chrono::steady_clock;

namespace {

constexpr store::Epoch k_now = 1'700'000'000;
constexpr int k_feeds = 40;
constexpr int k_batch = 1000;

const char* const k_systems[] = {"Abrams tanks",      "Leopard 2 tanks", "HIMARS launchers",
                                 "Patriot batteries", "K2 tanks",        "F-16 jets"};
const char* const k_states[] = {"Ukraine", "Poland", "Taiwan", "Estonia", "Finland", "Israel"};

store::IncomingItem story(int number) {
  const auto* system = k_systems[number % 6];
  const auto* state = k_states[(number / 6) % 6];
  store::IncomingItem incoming;
  incoming.item.id = fmt::format("story-{}", number);
  incoming.item.title = fmt::format("{} to send {} {} in new package, officials say", state,
                                    10 + number % 90, system);
  incoming.item.summary = fmt::format(
      "The government confirmed on Tuesday that {} {} would be delivered to {} within months, "
      "part of a package worth {} million dollars agreed after talks with allies.",
      10 + number % 90, system, state, 100 + number % 900);
  incoming.item.link = fmt::format("https://news{}.example.org/world/{}", number % k_feeds, number);
  rules::Match match;
  match.rule_id = number % 3 ? "arms-supply" : "alliance-summit";
  match.rule_title = "Rule " + match.rule_id;
  match.topics = {number % 3 ? "arms_transfer" : "alliance_diplomacy"};
  match.severity = static_cast<rules::Severity>(number % 5);
  match.hits = {{rules::Field::title, 0, 7, "Ukraine"}, {rules::Field::summary, 40, 46, "Abrams"}};
  match.events = {{"United States", state, system, 31, rules::TransferStatus::pledged}};
  incoming.matches.push_back({std::move(match), {"analysts", "archive"}});
  return incoming;
}

void fill(store::Store& store, int alerts) {
  std::vector<std::string> urls;
  for (int feed = 0; feed < k_feeds; ++feed) {
    urls.push_back(fmt::format("https://news{}.example.org/rss.xml", feed));
  }
  const auto feeds = store.sync_feeds(urls, k_now).value();
  // Every story its own alert: no story is a copy of another (the titles here are alike).
  store::ClusterPolicy no_copies;
  no_copies.window = std::chrono::seconds(1);
  no_copies.max_hamming_distance = -1;
  const int per_poll = k_batch / k_feeds;
  const int polls = (alerts + per_poll - 1) / per_poll;
  for (int poll = 0; poll < polls; ++poll) {
    std::vector<store::IncomingItem> items;
    for (int number = poll * per_poll; number < std::min(alerts, (poll + 1) * per_poll); ++number) {
      items.push_back(story(number));
    }
    // One poll a few seconds after the other, over the last 60 days.
    const store::Epoch at =
        k_now - 60 * 86400 + static_cast<store::Epoch>(poll) * 60 * 86400 / polls;
    auto result = store.ingest(feeds[static_cast<std::size_t>(poll % k_feeds)].id, std::move(items),
                               at, no_copies);
    if (!result) throw std::runtime_error(result.error().message);
  }
}

struct Figures {
  double median = 0;
  double p95 = 0;
  double worst = 0;
  std::size_t bytes = 0;
};

Figures measure(web::Console& console, const std::string& target, int repeats) {
  web::HttpRequest request{"GET", target, {{"host", "127.0.0.1:8080"}}, {}};
  std::vector<double> times;
  std::size_t bytes = 0;
  for (int i = 0; i < repeats + 3; ++i) {
    const auto begin = Clock::now();
    const auto response = console.handle(request);
    const std::chrono::duration<double, std::milli> took = Clock::now() - begin;
    if (response.status != 200)
      throw std::runtime_error(target + ": status " + std::to_string(response.status));
    bytes = response.body.size();
    if (i >= 3) times.push_back(took.count());  // the first few warm the caches
  }
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], times[times.size() * 95 / 100], times.back(), bytes};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_web DATABASE_FOLDER RULES_FOLDER [ALERTS] [REPEATS]\n");
    return 2;
  }
  const std::filesystem::path folder = argv[1];
  const int alerts = argc > 3 ? std::stoi(argv[3]) : 100'000;
  const int repeats = argc > 4 ? std::stoi(argv[4]) : 50;
  const auto path = folder / fmt::format("web-{}.db", alerts);
  const bool fresh = !std::filesystem::exists(path);
  auto store = store::open_sqlite_store(path).value();
  if (fresh) {
    const auto begin = Clock::now();
    fill(*store, alerts);
    const std::chrono::duration<double> took = Clock::now() - begin;
    fmt::print("stored {} alerts (two deliveries each) in {:.0f} s\n", alerts, took.count());
  }
  auto source = web::make_store_source(*store);
  util::FakeClock clock(util::from_epoch_seconds(k_now));
  web::Console console(*source, web::Authenticator(), std::chrono::hours(1), clock);
  auto loaded = rules::load_rules({argv[2]});
  console.set_rules(loaded.rules, {argv[2]});
  const std::string middle = std::to_string(alerts / 2);
  const std::vector<std::pair<std::string, std::string>> pages{
      {"alerts list, newest 50", "/alerts"},
      {"alerts list, topic + severity", "/alerts?topic=arms_transfer&severity=high"},
      {"alerts list, a page 1,000 back", "/alerts?before=" + std::to_string(alerts - 1000)},
      {"alerts list, text search", "/alerts?q=estonia&period=7d"},
      {"one alert's page", "/alerts/" + middle},
      {"feeds (40)", "/feeds"},
      {"activity (30 days)", "/activity"}};
  fmt::print("{} alerts in {}; {} requests per page through web::Console::handle\n\n", alerts,
             path.string(), repeats);
  fmt::print("{:<34} {:>9} {:>9} {:>9} {:>9}   goal\n", "page", "median", "p95", "worst", "bytes");
  for (const auto& [name, target] : pages) {
    const auto figures = measure(console, target, repeats);
    const bool goal = target.starts_with("/alerts");
    fmt::print("{:<34} {:>6.1f} ms {:>6.1f} ms {:>6.1f} ms {:>9}   {}\n", name, figures.median,
               figures.p95, figures.worst, figures.bytes,
               goal ? (figures.p95 < 50 ? "< 50 ms: met" : "< 50 ms: MISSED") : "-");
  }
  return 0;
}

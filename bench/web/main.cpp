// The web console's server time for its busiest pages over a large database: the alerts
// list (plain, filtered, searched, a deep page, one feed) and one alert's page (its rules,
// a copy's, deliveries to two webhooks), each asked for many
// times through the console itself (store queries and rendering; no network). Prints the
// median, 95th percentile and worst in milliseconds beside the goal of 50 ms.
//
//   bench_web DATABASE_FOLDER RULES_FOLDER [ALERTS] [REPEATS]

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "daemon/alert/routing.h"
#include "daemon/alert/silences.h"
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
// Bumped when the stored workload changes, so that a database kept from an older one is
// not measured as this one.
constexpr int k_workload = 2;

const char* const k_systems[] = {"Abrams tanks",      "Leopard 2 tanks", "HIMARS launchers",
                                 "Patriot batteries", "K2 tanks",        "F-16 jets"};
const char* const k_states[] = {"Ukraine", "Poland", "Taiwan", "Estonia", "Finland", "Israel"};

rules::Match rule_match(const std::string& id, const std::string& topic, rules::Severity severity,
                        const char* system, const char* state) {
  rules::Match match;
  match.rule_id = id;
  match.rule_title = "Rule " + id;
  match.topics = {topic};
  match.severity = severity;
  match.hits = {{rules::Field::title, 0, 7, "Ukraine"}, {rules::Field::summary, 40, 46, "Abrams"}};
  match.events = {{"United States", state, system, 31, rules::TransferStatus::pledged}};
  return match;
}

// A story matching one rule, every third story two.
store::IncomingItem story(int number, const std::string& title_suffix = {}) {
  const auto* system = k_systems[number % 6];
  const auto* state = k_states[(number / 6) % 6];
  store::IncomingItem incoming;
  incoming.item.id = fmt::format("story-{}{}", number, title_suffix);
  incoming.item.title = fmt::format("{} to send {} {} in new package, officials say{}", state,
                                    10 + number % 90, system, title_suffix);
  incoming.item.summary = fmt::format(
      "The government confirmed on Tuesday that {} {} would be delivered to {} within months, "
      "part of a package worth {} million dollars agreed after talks with allies.",
      10 + number % 90, system, state, 100 + number % 900);
  incoming.item.link = fmt::format("https://news{}.example.org/world/{}", number % k_feeds, number);
  const auto severity = static_cast<rules::Severity>(number % 5);
  incoming.matches.push_back(rule_match("arms-supply", "arms_transfer", severity, system, state));
  if (number % 3 == 0) {
    incoming.matches.push_back(rule_match("alliance-summit", "alliance_diplomacy",
                                          rules::Severity::medium, system, state));
  }
  incoming.snippet = {rules::Field::summary, incoming.item.summary.substr(0, 120), {{40, 46}}};
  return incoming;
}

// Two webhooks that want every alert; no silences.
struct Routing {
  std::vector<alert::Endpoint> endpoints;
  alert::RoutingPolicy policy;
  alert::Silences silences;

  Routing() {
    for (const char* name : {"analysts", "archive"}) {
      alert::Endpoint endpoint;
      endpoint.name = name;
      endpoints.push_back(endpoint);
    }
    policy.max_age = std::chrono::seconds(0);  // every story is sent, however old
  }
};

void ingest(store::Store& store, std::int64_t feed, std::vector<store::IncomingItem> items,
            store::Epoch at, const Routing& routing) {
  // Copies are found by link only (the titles here are alike), within an hour.
  store::ClusterPolicy policy;
  policy.window = std::chrono::hours(1);
  policy.max_hamming_distance = -1;
  const alert::Router router(routing.endpoints, routing.policy, routing.silences);
  auto result = store.ingest(feed, std::move(items), at, policy, router);
  if (!result) throw std::runtime_error(result.error().message);
}

// Polls of 25 stories, one feed after the other, over the last 60 days; every fifth story
// is republished by the next feed a second later, a copy joining its alert.
void fill(store::Store& store, int alerts) {
  std::vector<std::string> urls;
  for (int feed = 0; feed < k_feeds; ++feed) {
    urls.push_back(fmt::format("https://news{}.example.org/rss.xml", feed));
  }
  const auto feeds = store.sync_feeds(urls, k_now).value();
  const Routing routing;
  const int per_poll = k_batch / k_feeds;
  const int polls = (alerts + per_poll - 1) / per_poll;
  for (int poll = 0; poll < polls; ++poll) {
    std::vector<store::IncomingItem> items;
    std::vector<store::IncomingItem> copies;
    for (int number = poll * per_poll; number < std::min(alerts, (poll + 1) * per_poll); ++number) {
      items.push_back(story(number));
      if (number % 5 == 0) copies.push_back(story(number, " (wire copy)"));
    }
    const store::Epoch at =
        k_now - 60 * 86400 + static_cast<store::Epoch>(poll) * 60 * 86400 / polls;
    const auto feed = static_cast<std::size_t>(poll % k_feeds);
    ingest(store, feeds[feed].id, std::move(items), at, routing);
    ingest(store, feeds[(feed + 1) % k_feeds].id, std::move(copies), at + 1, routing);
  }
}

struct Figures {
  double median = 0;
  double p95 = 0;
  double worst = 0;
  double cpu_median = 0;  ///< of the thread's CPU time: what the page costs on an idle machine
  std::size_t bytes = 0;
};

double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double median(std::vector<double>& values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

Figures measure(web::Console& console, const std::string& target, int repeats) {
  web::HttpRequest request{"GET", target, {{"host", "127.0.0.1:8080"}}, {}};
  std::vector<double> times;
  std::vector<double> cpu;
  std::size_t bytes = 0;
  for (int i = 0; i < repeats + 3; ++i) {
    const double cpu_begin = thread_cpu_ms();
    const auto begin = Clock::now();
    const auto response = console.handle(request);
    const std::chrono::duration<double, std::milli> took = Clock::now() - begin;
    if (response.status != 200)
      throw std::runtime_error(target + ": status " + std::to_string(response.status));
    bytes = response.body.size();
    if (i < 3) continue;  // the first few warm the caches
    times.push_back(took.count());
    cpu.push_back(thread_cpu_ms() - cpu_begin);
  }
  const double middle = median(times);
  return {middle, times[times.size() * 95 / 100], times.back(), median(cpu), bytes};
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
  const auto path = folder / fmt::format("web-{}-w{}.db", alerts, k_workload);
  const bool fresh = !std::filesystem::exists(path);
  auto store = store::open_sqlite_store(path).value();
  if (fresh) {
    const auto begin = Clock::now();
    fill(*store, alerts);
    const std::chrono::duration<double> took = Clock::now() - begin;
    fmt::print(
        "stored {} alerts in {:.0f} s: 1 or 2 rules each, a copy from another feed for one in "
        "five, a message to each of two webhooks\n",
        alerts, took.count());
  }
  auto source = web::make_store_source(*store);
  util::FakeClock clock(util::from_epoch_seconds(k_now));
  web::Console console(*source, web::Authenticator(), std::chrono::hours(1), clock);
  auto loaded = rules::load_rules({argv[2]});
  console.set_rules(loaded.rules, {argv[2]},
                    alert::silence_names(loaded.summaries, {}, {"analysts", "archive"}));
  // An alert half way back whose story matched two rules and has a copy (story 15n is
  // alert 15n + 1).
  const std::string middle = std::to_string(alerts / 2 / 15 * 15 + 1);
  const std::vector<std::pair<std::string, std::string>> pages{
      {"alerts list, newest 50", "/alerts"},
      {"alerts list, topic + severity", "/alerts?topic=arms_transfer&severity=high"},
      {"alerts list, a page 1,000 back", "/alerts?before=" + std::to_string(alerts - 1000)},
      {"alerts list, text search", "/alerts?q=estonia&period=7d"},
      {"alerts list, text found nowhere", "/alerts?q=zanzibar"},
      {"alerts list, one feed", "/alerts?feed=7"},
      {"one alert's page (2 rules, a copy)", "/alerts/" + middle},
      {"silences", "/silences"},
      {"feeds (40)", "/feeds"},
      {"activity (30 days)", "/activity"}};
  fmt::print("{} alerts in {}; {} requests per page through web::Console::handle\n\n", alerts,
             path.string(), repeats);
  fmt::print("{:<36} {:>9} {:>9} {:>9} {:>9} {:>9}   goal\n", "page", "median", "p95", "worst",
             "cpu", "bytes");
  for (const auto& [name, target] : pages) {
    const auto figures = measure(console, target, repeats);
    const bool goal = target.starts_with("/alerts");
    fmt::print("{:<36} {:>6.1f} ms {:>6.1f} ms {:>6.1f} ms {:>6.1f} ms {:>9}   {}\n", name,
               figures.median, figures.p95, figures.worst, figures.cpu_median, figures.bytes,
               goal ? (figures.p95 < 50 ? "< 50 ms: met" : "< 50 ms: MISSED") : "-");
  }
  return 0;
}

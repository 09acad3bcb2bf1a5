// Fills a SQLite store with stories for bench/backtest: the development corpus repeated,
// each copy a distinct item (own feed, entry id, link and first-seen time), written through
// Store::ingest as the daemon writes them, without matches (a store filled before the
// rules existed: the backtest lists every match as new). Also writes the same stories as
// JSON Lines for the `newsmon match` baseline.
// Usage: bench_backtest_generate CORPUS STORE JSONL COUNT

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/store/planning.h"
#include "daemon/store/store.h"

namespace {

using namespace newsmon;

constexpr int k_feeds = 100;
constexpr std::size_t k_items_per_ingest = 1000;
constexpr std::int64_t k_span_seconds = 20 * 86400;  // first seen over the last 20 days

struct Story {
  std::string title;
  std::string summary;
  std::string content;
};

std::vector<Story> read_corpus(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<Story> stories;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto story = nlohmann::json::parse(line);
    stories.push_back(
        {story.value("title", ""), story.value("summary", ""), story.value("content", "")});
  }
  if (stories.empty()) throw std::runtime_error(path + " holds no stories");
  return stories;
}

class NoDeliveries final : public store::DeliveryPlanner {
 public:
  std::vector<store::PlannedDelivery> plan(const store::AlertContext&,
                                           store::Epoch) const override {
    return {};
  }
};

store::IncomingItem make_item(const Story& story, std::size_t n, store::Epoch seen) {
  store::IncomingItem incoming;
  auto& item = incoming.item;
  item.id = fmt::format("bench-{}", n);
  item.link = fmt::format("https://outlet{}.example/news/{}", n % k_feeds, n);
  item.title = story.title;
  item.summary = story.summary;
  item.content = story.content;
  item.published.status = feed::DateStatus::parsed;
  item.published.epoch_seconds = seen - 600;
  item.published.raw = std::to_string(seen - 600);
  return incoming;
}

void write_line(std::ofstream& jsonl, const Story& story, std::size_t n) {
  const nlohmann::json line = {{"id", fmt::format("bench-{}", n)},
                               {"title", story.title},
                               {"summary", story.summary},
                               {"content", story.content}};
  jsonl << line.dump() << '\n';
}

int generate(const std::string& corpus_path, const std::string& store_path,
             const std::string& jsonl_path, std::size_t count) {
  const auto corpus = read_corpus(corpus_path);
  std::remove(store_path.c_str());
  auto opened = store::open_sqlite_store(store_path);
  if (!opened) throw std::runtime_error(opened.error().message);
  auto& db = **opened;
  const store::Epoch now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  std::vector<std::string> urls;
  for (int f = 0; f < k_feeds; ++f) urls.push_back(fmt::format("https://outlet{}.example/rss", f));
  auto feeds = db.sync_feeds(urls, now);
  if (!feeds) throw std::runtime_error(feeds.error().message);
  std::ofstream jsonl(jsonl_path, std::ios::binary);
  const NoDeliveries planner;
  const store::ClusterPolicy policy;
  // One ingest per feed and 1,000 items, as a poll of a busy feed would store them.
  for (std::size_t start = 0; start < count; start += k_items_per_ingest) {
    const auto& feed = (*feeds)[(start / k_items_per_ingest) % feeds->size()];
    const store::Epoch seen =
        now - k_span_seconds + static_cast<store::Epoch>(start * k_span_seconds / count);
    std::vector<store::IncomingItem> items;
    for (std::size_t n = start; n < std::min(count, start + k_items_per_ingest); ++n) {
      items.push_back(make_item(corpus[n % corpus.size()], n, seen));
      write_line(jsonl, corpus[n % corpus.size()], n);
    }
    auto stored = db.ingest(feed.id, std::move(items), seen, policy, planner);
    if (!stored) throw std::runtime_error(stored.error().message);
  }
  if (!jsonl) throw std::runtime_error("cannot write " + jsonl_path);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: bench_backtest_generate CORPUS STORE JSONL COUNT\n";
    return 2;
  }
  try {
    return generate(argv[1], argv[2], argv[3], std::stoul(argv[4]));
  } catch (const std::exception& error) {
    std::cerr << "bench_backtest_generate: " << error.what() << '\n';
    return 1;
  }
}

// Matching benchmark. Two tables:
//  - the shipped rule packs (as shipped, without extraction, with every list doubled, and
//    beside 1,000 generated rules) through `newsmon match` over the corpus repeated to
//    --stories stories, each beside a keyword script in Python measured in the same run;
//  - generated rule sets of growing size, matched in this process, against a per-rule
//    regular-expression baseline.
// Usage: bench_match CORPUS.jsonl [--stories 60000] [--packs no] [--bytes N]
//                    [--rules 10,100,1000,10000] [--baseline no]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench/match/baseline.h"
#include "bench/match/generate.h"
#include "bench/match/packs_table.h"
#include "bench/match/workload.h"
#include "daemon/rules/rule_set.h"

namespace {

using namespace newsmon;
using Clock = std::chrono::steady_clock;

using bench::StoryText;
using bench::thread_seconds;

struct Figures {
  double stories_per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
  std::size_t stories = 0;
  std::size_t matches = 0;
};

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<long>(index), values.end());
  return values[index];
}

// What reading the clock twice costs, subtracted from each story's latency.
double clock_overhead_us() {
  std::vector<double> samples;
  for (int i = 0; i < 2000; ++i) {
    const double before = thread_seconds();
    samples.push_back((thread_seconds() - before) * 1e6);
  }
  std::nth_element(samples.begin(), samples.begin() + 1000, samples.end());
  return samples[1000];
}

template <typename MatchOne>
Figures measure(const std::vector<StoryText>& stories, double budget_seconds,
                MatchOne&& match_one) {
  static const double overhead_us = clock_overhead_us();
  Figures figures;
  std::vector<double> latencies;
  latencies.reserve(stories.size());
  const double start = thread_seconds();
  for (const auto& story : stories) {
    const double before = thread_seconds();
    figures.matches += match_one(story);
    const double after = thread_seconds();
    latencies.push_back(std::max(0.0, (after - before) * 1e6 - overhead_us));
    if (after - start > budget_seconds) break;
  }
  double total_us = 0;
  for (const double latency : latencies) total_us += latency;
  figures.stories = latencies.size();
  figures.stories_per_second = static_cast<double>(latencies.size()) / (total_us * 1e-6);
  figures.p50_us = percentile(latencies, 0.50);
  figures.p99_us = percentile(latencies, 0.99);
  return figures;
}

std::vector<std::size_t> parse_counts(const std::string& text) {
  std::vector<std::size_t> counts;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    counts.push_back(std::stoul(text.substr(start, end - start)));
    start = end + 1;
  }
  return counts;
}

bool g_baseline = true;

void run(const std::vector<StoryText>& stories, const bench::Vocabulary& vocabulary,
         std::size_t count) {
  const auto generated = bench::generate_rules(count, vocabulary, 42);
  const double compile_start = thread_seconds();
  const auto loaded = rules::load_rules_from_text(generated.yaml, "generated.yaml");
  const double compile_ms = (thread_seconds() - compile_start) * 1e3;
  if (!loaded.rules) {
    fmt::print(stderr, "{}", util::format_all(loaded.errors));
    throw std::runtime_error("generated rules do not compile");
  }
  const rules::RuleSet& rule_set = *loaded.rules;
  // One pass to warm caches (the per-thread token lookups, the stemmer's memo), as in a
  // daemon that has been running for a while; then the measured pass.
  for (std::size_t i = 0; i < std::min<std::size_t>(stories.size(), 1000); ++i) {
    const auto& story = stories[i];
    static_cast<void>(rule_set.match(rules::Story{story.title, story.summary, story.content}));
  }
  const auto ours = measure(stories, 1e9, [&](const StoryText& story) {
    return rule_set.match(rules::Story{story.title, story.summary, story.content}).size();
  });

  const double baseline_start = thread_seconds();
  std::vector<bench::BaselineRule> baseline;
  baseline.reserve(generated.trees.size());
  for (const auto& tree : generated.trees) baseline.emplace_back(tree);
  const double baseline_compile_ms = (thread_seconds() - baseline_start) * 1e3;
  const auto theirs = measure(stories, g_baseline ? 3.0 : 0.0, [&](const StoryText& story) {
    std::size_t matched = 0;
    for (const auto& rule : baseline) matched += rule.matches(story.joined) ? 1 : 0;
    return matched;
  });

  const auto stats = rule_set.stats();
  fmt::print(
      "| {:>6} | {:>7.0f} | {:>9.0f} | {:>6.1f} | {:>7.1f} | {:>7} | {:>9.0f} | {:>8.0f} | "
      "{:>8.0f} "
      "| {:>7.0f} | {:>5.0f}x |\n",
      count, compile_ms, ours.stories_per_second, ours.p50_us, ours.p99_us, stats.patterns,
      theirs.stories_per_second, theirs.p50_us, theirs.p99_us, baseline_compile_ms,
      ours.stories_per_second / theirs.stories_per_second);
  fmt::print(stderr,
             "  {} rules: {} matches in {} stories ({} rules always evaluated); baseline: {} "
             "matches in {} stories\n",
             count, ours.matches, ours.stories, stats.always_evaluated, theirs.matches,
             theirs.stories);
}

// The packs table: the workload and the rule variants go to a scratch folder that is
// removed afterwards.
void packs_table(const std::vector<StoryText>& corpus, const bench::Vocabulary& vocabulary,
                 std::size_t count) {
  const auto workdir = std::filesystem::temp_directory_path() /
                       fmt::format("newsmon-bench-match-{}", static_cast<long>(getpid()));
  std::filesystem::create_directories(workdir);
  const std::filesystem::path source = NEWSMON_SOURCE_DIR;
  const bench::PacksSetup setup{NEWSMON_EXECUTABLE, "/usr/bin/python3",
                                source / "bench/match/keywords.py", workdir};
  try {
    const auto variants = bench::pack_variants(source / "rules", workdir,
                                               bench::generate_rules(1000, vocabulary, 42).yaml);
    bench::print_packs_table(bench::repeat_to_count(corpus, count), variants, setup);
  } catch (...) {
    std::filesystem::remove_all(workdir);
    throw;
  }
  std::filesystem::remove_all(workdir);
}

void generated_table(const std::vector<StoryText>& corpus, const bench::Vocabulary& vocabulary,
                     std::size_t bytes, const std::vector<std::size_t>& counts) {
  const auto stories = bench::repeat_to_bytes(corpus, bytes);
  std::size_t total = 0;
  for (const auto& story : stories) total += story.joined.size();
  fmt::print("{} stories ({} distinct, {:.1f} MB), one thread; vocabulary {} names, {} words\n\n",
             stories.size(), corpus.size(), static_cast<double>(total) / 1e6,
             vocabulary.names.size(), vocabulary.context.size());
  fmt::print(
      "| rules | compile ms | stories/s | p50 µs | p99 µs | terms | baseline stories/s | "
      "baseline p50 µs | baseline p99 µs | baseline compile ms | speed-up |\n");
  fmt::print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto count : counts) run(stories, vocabulary, count);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr,
               "usage: bench_match CORPUS.jsonl [--stories N] [--packs no] [--bytes N] "
               "[--rules 10,100,...] [--baseline no]\n");
    return 2;
  }
  std::size_t bytes = 4u << 20;
  std::size_t stories = 60'000;
  bool packs = true;
  std::vector<std::size_t> counts{10, 100, 1000, 10000};
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--bytes") bytes = std::stoul(argv[i + 1]);
    if (option == "--stories") stories = std::stoul(argv[i + 1]);
    if (option == "--packs") packs = std::string(argv[i + 1]) != "no";
    if (option == "--rules") counts = parse_counts(argv[i + 1]);
    if (option == "--baseline") g_baseline = std::string(argv[i + 1]) != "no";
  }
  try {
    const auto corpus = bench::read_corpus(argv[1]);
    std::vector<std::string> texts;
    for (const auto& story : corpus) texts.push_back(story.title + " " + story.summary);
    const auto vocabulary = bench::vocabulary_of(texts);
    if (packs) packs_table(corpus, vocabulary, stories);
    if (!counts.empty() && counts.front() != 0) generated_table(corpus, vocabulary, bytes, counts);
  } catch (const std::exception& error) {
    fmt::print(stderr, "bench_match: {}\n", error.what());
    return 1;
  }
  return 0;
}

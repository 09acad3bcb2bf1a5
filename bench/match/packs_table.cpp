#include "bench/match/packs_table.h"

#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "bench/match/child.h"
#include "daemon/rules/rule_set.h"

namespace newsmon::bench {
namespace {

struct Row {
  ChildCost ours;
  ChildCost start_up;
  double in_process_seconds = 0;
  ChildCost baseline;
};

std::vector<std::string> match_command(const PacksSetup& setup, const RuleVariant& variant,
                                       const std::filesystem::path& input) {
  std::vector<std::string> argv{setup.newsmon.string(), "match", input.string()};
  for (const auto& path : variant.paths) {
    argv.push_back("--rules");
    argv.push_back(path.string());
  }
  return argv;
}

// RuleSet::match alone: the stories are in memory, nothing is parsed or printed. The
// first 1,000 stories warm the per-thread caches, as in a daemon that has been running.
double in_process_seconds(const std::vector<StoryText>& stories, const RuleVariant& variant) {
  const auto loaded = rules::load_rules(variant.paths);
  if (!loaded.rules) throw std::runtime_error(util::format_all(loaded.errors));
  const auto match = [&](const StoryText& story) {
    return loaded.rules->match(rules::Story{story.title, story.summary, story.content}).size();
  };
  std::size_t matches = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(stories.size(), 1000); ++i) {
    matches += match(stories[i]);
  }
  const double start = thread_seconds();
  for (const auto& story : stories) matches += match(story);
  const double seconds = thread_seconds() - start;
  if (matches == 0) throw std::runtime_error(variant.name + " matched nothing");
  return seconds;
}

Row measure(const std::vector<StoryText>& stories, const std::filesystem::path& workload,
            const RuleVariant& variant, const PacksSetup& setup) {
  const auto empty = setup.workdir / "empty.jsonl";
  std::ofstream{empty};
  Row row;
  row.ours = run_child(match_command(setup, variant, workload), "/dev/null");
  row.start_up = run_child(match_command(setup, variant, empty), "/dev/null");
  row.in_process_seconds = in_process_seconds(stories, variant);
  row.baseline =
      run_child({setup.python.string(), setup.keywords.string(), workload.string()}, "/dev/null");
  return row;
}

}  // namespace

void print_packs_table(const std::vector<StoryText>& stories,
                       const std::vector<RuleVariant>& variants, const PacksSetup& setup) {
  const auto workload = setup.workdir / "stories.jsonl";
  const double megabytes = static_cast<double>(write_lines(stories, workload)) / 1e6;
  const auto count = static_cast<double>(stories.size());
  fmt::print("{} stories, {:.1f} MB of JSON Lines; CPU time of each process (user + system)\n\n",
             stories.size(), megabytes);
  fmt::print(
      "| rules | newsmon match stories/s | MB/s | CPU s | peak MB | start-up s | RuleSet::match "
      "stories/s | keyword baseline stories/s | MB/s | peak MB | newsmon ÷ baseline |\n");
  fmt::print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  std::vector<Row> rows;
  for (const auto& variant : variants) {
    const Row row = measure(stories, workload, variant, setup);
    const double ours = count / row.ours.cpu_seconds;
    const double theirs = count / row.baseline.cpu_seconds;
    fmt::print(
        "| {} | {:.0f} | {:.1f} | {:.2f} | {:.1f} | {:.2f} | {:.0f} | {:.0f} | {:.1f} | {:.1f} | "
        "{:.1f}x |\n",
        variant.name, ours, megabytes / row.ours.cpu_seconds, row.ours.cpu_seconds,
        row.ours.peak_mb, row.start_up.cpu_seconds, count / row.in_process_seconds, theirs,
        megabytes / row.baseline.cpu_seconds, row.baseline.peak_mb, ours / theirs);
    std::fflush(stdout);
    rows.push_back(row);
  }
  // Cost relative to the packs alone, of matching only (start-up taken off the process).
  const auto matching = [](const Row& row) {
    return row.ours.cpu_seconds - row.start_up.cpu_seconds;
  };
  fmt::print("\nrelative to the packs: ");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    fmt::print("{}{}: {:.2f}x newsmon match (less start-up), {:.2f}x RuleSet::match",
               i > 1 ? "; " : "", variants[i].name, matching(rows[i]) / matching(rows[0]),
               rows[i].in_process_seconds / rows[0].in_process_seconds);
  }
  fmt::print("\n\n");
}

}  // namespace newsmon::bench

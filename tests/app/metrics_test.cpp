#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "daemon/app/metrics.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"

using namespace newsmon;
using app::MetricsSnapshot;
using app::PrometheusWriter;
using Catch::Matchers::Contains;

namespace {

MetricsSnapshot busy_snapshot() {
  MetricsSnapshot snapshot;
  snapshot.polls.polls[static_cast<std::size_t>(store::PollResult::ok)] = 3;
  snapshot.polls.polls[static_cast<std::size_t>(store::PollResult::not_modified)] = 5;
  // Cumulative: polls that took at most 0.05 s, 0.1 s, ..., 30 s, then every poll.
  snapshot.polls.poll_seconds_buckets = {1, 2, 2, 3, 3, 3, 3, 3, 3, 8};
  snapshot.polls.poll_seconds_sum = 301.25;
  snapshot.polls.new_items = 12;
  snapshot.matches_by_rule = {{"tanks", 2}, {"say \"no\"\\\nnow", 1}};
  snapshot.deliveries.delivered = 2;
  snapshot.deliveries.pending = 1;
  snapshot.reloads_failed = 1;
  snapshot.rules = 4;
  snapshot.start_time_seconds = 1675069920;
  snapshot.ready = true;
  return snapshot;
}

}  // namespace

TEST_CASE("Each metric family has its HELP and TYPE lines before its samples", "[app][metrics]") {
  const std::string text = render_metrics(busy_snapshot());
  CHECK_THAT(text, Contains("# HELP newsmon_polls_total Feed polls, by result.\n"
                            "# TYPE newsmon_polls_total counter\n"
                            "newsmon_polls_total{result=\"ok\"} 3\n"
                            "newsmon_polls_total{result=\"not_modified\"} 5\n"));
  CHECK_THAT(text, Contains("\nnewsmon_ready 1\n"));
  CHECK_THAT(text, Contains("\nnewsmon_start_time_seconds 1675069920\n"));
  CHECK_THAT(text, Contains("\nnewsmon_matches_total{rule=\"tanks\"} 2\n"));
  CHECK_THAT(text, Contains("\nnewsmon_reloads_total{result=\"ok\"} 0\n"
                            "newsmon_reloads_total{result=\"error\"} 1\n"));
  CHECK_THAT(text, Contains("\nnewsmon_delivery_queue_depth 1\n"));
  CHECK_THAT(text, Contains("\nnewsmon_build_info{version=\""));
  CHECK(text.back() == '\n');
}

TEST_CASE("Label values escape quotes, backslashes and line breaks", "[app][metrics]") {
  CHECK_THAT(render_metrics(busy_snapshot()),
             Contains("\nnewsmon_matches_total{rule=\"say \\\"no\\\"\\\\\\nnow\"} 1\n"));
}

TEST_CASE("The poll duration histogram has cumulative buckets, +Inf, a sum and a count",
          "[app][metrics]") {
  const std::string text = render_metrics(busy_snapshot());
  CHECK_THAT(text, Contains("# TYPE newsmon_poll_duration_seconds histogram\n"
                            "newsmon_poll_duration_seconds_bucket{le=\"0.05\"} 1\n"
                            "newsmon_poll_duration_seconds_bucket{le=\"0.1\"} 2\n"
                            "newsmon_poll_duration_seconds_bucket{le=\"0.25\"} 2\n"
                            "newsmon_poll_duration_seconds_bucket{le=\"0.5\"} 3\n"
                            "newsmon_poll_duration_seconds_bucket{le=\"1\"} 3\n"));
  CHECK_THAT(text, Contains("newsmon_poll_duration_seconds_bucket{le=\"30\"} 3\n"
                            "newsmon_poll_duration_seconds_bucket{le=\"+Inf\"} 8\n"
                            "newsmon_poll_duration_seconds_sum 301.25\n"
                            "newsmon_poll_duration_seconds_count 8\n"));
}

TEST_CASE("Whole numbers are written without a fraction, others as they are, infinities as +Inf",
          "[app][metrics]") {
  PrometheusWriter out;
  out.family("x", "gauge", "Values.");
  out.sample("x", 12, {{"kind", "whole"}});
  out.sample("x", 0.5, {{"kind", "fraction"}});
  out.sample("x", 1e20, {{"kind", "huge"}});
  out.sample("x", -std::numeric_limits<double>::infinity(), {{"kind", "down"}});
  out.sample("x", 7, {{"a", "1"}, {"b", "2"}});
  CHECK(out.text() ==
        "# HELP x Values.\n# TYPE x gauge\n"
        "x{kind=\"whole\"} 12\n"
        "x{kind=\"fraction\"} 0.5\n"
        "x{kind=\"huge\"} 1e+20\n"
        "x{kind=\"down\"} -Inf\n"
        "x{a=\"1\",b=\"2\"} 7\n");
}

TEST_CASE("promtool finds nothing to fault in the rendered metrics", "[app][metrics]") {
  test::TempDir dir;
  test::write_file(dir / "metrics.txt", render_metrics(busy_snapshot()));
  const auto lint =
      test::run({"sh", "-c", "promtool check metrics < " + (dir / "metrics.txt").string()});
  INFO(lint.out << lint.err);
  CHECK(lint.exit_code == 0);
  CHECK(lint.out.empty());
  CHECK(lint.err.empty());
}

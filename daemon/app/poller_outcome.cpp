// What a poll's response means for its feed: the document ingested, an HTML page followed
// to its feed, validators and redirects recorded, failures counted or held back while we
// find out whether our own network is down, and the next poll planned.

#include <algorithm>

#include <spdlog/spdlog.h>

#include "daemon/app/poller_impl.h"
#include "daemon/feed/parse.h"
#include "daemon/util/url.h"

namespace newsmon::app {
using namespace poller_detail;

void Poller::Impl::on_response(std::int64_t id, fetch::Response response) {
  const auto host = m_host_of.extract(id);
  if (!host.empty()) {
    --m_in_flight;
    auto queue = m_hosts.find(host.mapped());
    if (queue != m_hosts.end()) {
      --queue->second.in_flight;
      if (!queue->second.waiting.empty() && !queue->second.ready) {
        queue->second.ready = true;
        m_ready.push_back(host.mapped());
      }
    }
  }
  Feed& feed = m_feeds.at(id);
  Verdict verdict = detail::classify_response(response, m_options.http);
  if (verdict.result == PollResult::cancelled) {
    feed.busy = false;
    return release(id);
  }
  PollOutcome outcome;
  outcome.result = verdict.result;
  detail::add_response_hints(outcome, response, now());
  if (verdict.result == PollResult::ok) on_document(feed, response, outcome, verdict);
  if (verdict.result == PollResult::html_page && try_discovery(feed, response)) return;
  record(feed, response, verdict, std::move(outcome));
}

void Poller::Impl::on_document(Feed& feed, fetch::Response& response, PollOutcome& outcome,
                               Verdict& verdict) {
  feed::ParseOptions options;
  options.url = response.effective_url;
  options.content_type = response.header("content-type").value_or("");
  options.max_text = m_options.http.max_body;
  auto parsed = feed::parse_feed(response.body, options);
  verdict = detail::classify_document(parsed);
  outcome.result = verdict.result;
  if (verdict.result != PollResult::ok) return;
  detail::add_document_hints(outcome, parsed);
  feed.hints = Hints{outcome.ttl, outcome.skip_hours, outcome.skip_days};
  if (!parsed.feed.title.empty()) feed.state.title = parsed.feed.title;
  if (!parsed.feed.link.empty()) feed.state.site_link = parsed.feed.link;
  auto stored = m_ingest(feed.state, std::move(parsed));
  if (!stored) {
    verdict = {PollResult::internal_error,
               fmt::format("the items could not be stored ({}); they are fetched again on the "
                           "next poll",
                           stored.error().message)};
    outcome.result = verdict.result;
    return;
  }
  outcome.new_items = *stored;
}

// A page where a feed was expected, for a feed never read before: the user probably gave
// the site's address; its <link rel="alternate"> names the feed.
bool Poller::Impl::try_discovery(Feed& feed, const fetch::Response& response) {
  if (feed.discovered || feed.state.last_success_at != 0 || m_stopped) return false;
  for (const auto& link : feed::discover_feed_links(response.body, response.effective_url)) {
    if (link == feed.state.url || link == response.effective_url) continue;
    spdlog::info("feed {}: the address is a web page; polling the feed it announces, {}",
                 feed.state.configured_url, link);
    feed.discovered = true;
    feed.state.url = link;
    auto host = util::url_host(link);
    ++m_in_flight;
    ++m_hosts[host].in_flight;
    m_host_of[feed.state.id] = std::move(host);
    start(feed);
    return true;
  }
  return false;
}

void Poller::Impl::record(Feed& feed, const fetch::Response& response, const Verdict& verdict,
                          PollOutcome outcome) {
  {
    std::lock_guard lock(m_counters_mutex);
    detail::count_poll(m_counters, response, verdict.result, outcome.new_items);
  }
  auto& state = feed.state;
  const auto at = now();
  detail::record_response(state, response, verdict, outcome.new_items, at);
  if (verdict.result == PollResult::not_modified) {
    outcome.ttl = feed.hints.ttl;
    outcome.skip_hours = feed.hints.skip_hours;
    outcome.skip_days = feed.hints.skip_days;
  }
  if (response.outcome == fetch::Outcome::completed &&
      detail::track_permanent_redirect(state, detail::permanent_redirect_target(response))) {
    spdlog::info("feed {}: moved permanently; polling {} from now on", state.configured_url,
                 state.url);
    std::lock_guard lock(m_counters_mutex);
    ++m_counters.permanent_moves;
  }
  if (response.outcome == fetch::Outcome::completed && !m_deferred.empty()) {
    settle_deferred(false);  // an answer came: the network works, the failures are real
  }
  if (detail::is_transport_failure(verdict.result)) {
    m_deferred.push_back({state.id, util::url_host(state.url), at, std::move(outcome)});
    if (idle() || at - m_deferred.front().at >= k_verdict_wait_seconds) settle_deferred(true);
    pump();
    return;
  }
  conclude(feed, std::move(outcome));
  if (idle() && !m_deferred.empty()) settle_deferred(true);
}

// Counts the failure (unless blamed on the network), plans the next poll, saves.
void Poller::Impl::conclude(Feed& feed, PollOutcome outcome) {
  auto& state = feed.state;
  const int previous_failures = state.consecutive_failures;
  if (!is_feed_failure(outcome.result)) {
    if (outcome.result != PollResult::internal_error) {
      state.consecutive_failures = 0;
      state.last_success_at = state.last_poll_at;
    }
  } else if (outcome.blame == Blame::feed) {
    ++state.consecutive_failures;
  } else {
    state.last_error +=
        " (not counted against the feed: every feed failed at once; is this "
        "machine's network down?)";
  }
  Scheduler::apply(m_scheduler.plan(state, outcome, feed.every), state);
  if (auto saved = m_store.save_feed_state(state); !saved) {
    spdlog::error("feed {}: its poll state could not be saved: {}", state.configured_url,
                  saved.error().message);
  }
  detail::log_poll(state, outcome, previous_failures, now());
  feed.busy = false;
  release(state.id);
}

// Decides whether held-back transport failures are the feeds' fault. `quiet`: no answer
// is expected any more (nothing in flight, or the wait is over).
void Poller::Impl::settle_deferred(bool quiet) {
  if (m_deferred.empty()) return;
  std::set<std::string> hosts;
  for (const auto& deferred : m_deferred) hosts.insert(deferred.host);
  const Blame blame = quiet && hosts.size() >= 2 ? Blame::network : Blame::feed;
  if (blame == Blame::network) {
    spdlog::warn(
        "{} feeds on {} hosts failed at once and none answered: is this machine's "
        "network down? Their failures are not counted; they are retried soon",
        m_deferred.size(), hosts.size());
    std::lock_guard lock(m_counters_mutex);
    ++m_counters.network_outages;
  }
  auto deferred = std::move(m_deferred);
  m_deferred.clear();
  for (auto& entry : deferred) {
    entry.outcome.blame = blame;
    conclude(m_feeds.at(entry.feed_id), std::move(entry.outcome));
  }
}

// Called when a feed's poll is over (id 0: none): completes passes and starts more polls.

}  // namespace newsmon::app

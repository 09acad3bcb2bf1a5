#pragma once
// What the alert tests share: a sample alert as the store would hand it over, a
// transport whose answers the test scripts, and a way to run an io_context until
// something has happened (polling with a deadline, never sleeping).

#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "daemon/alert/transport.h"
#include "daemon/store/store.h"

namespace newsmon::test {

inline constexpr store::Epoch k_raised_at = 1'675'069'920;  // 2023-01-30T09:12:00Z

inline store::Alert sample_alert() {
  store::Alert alert;
  alert.match_id = 42;
  alert.raised_at = k_raised_at;
  alert.match.rule_id = "arms-transfer-pledge";
  alert.match.rule_title = "Weapons pledged or supplied";
  alert.match.topics = {"arms_transfer", "alliance_diplomacy"};
  alert.match.severity = rules::Severity::high;
  alert.match.hits = {{rules::Field::title, 15, 21, "Abrams"},
                      {rules::Field::title, 22, 27, "tanks"},
                      {rules::Field::summary, 39, 45, "abrams"}};
  alert.match.events = {
      {"United States", "Ukraine", "M1 Abrams", 31, rules::TransferStatus::pledged},
      {"Germany", "Ukraine", "Leopard 2", 14, rules::TransferStatus::pledged}};
  alert.entry_id = "https://wire.example.net/2023/01/25/abrams";
  alert.link = "https://wire.example.net/2023/01/25/abrams";
  alert.title = "US to send 31 Abrams tanks to Ukraine";
  alert.summary =
      "The United States will send 31 M1 Abrams tanks to Ukraine, and Germany 14 Leopard 2 "
      "tanks, the allies said on Wednesday after weeks of R&D <debate> in Washington.";
  alert.published = {feed::DateStatus::parsed, 1'675'068'000, "Mon, 30 Jan 2023 08:40:00 GMT"};
  alert.first_seen = k_raised_at;
  alert.feed_title = "Wire World";
  alert.feed_url = "https://wire.example.net/rss";
  alert.also_reported_by = {{"Paper Europe", "https://paper.example.com/feed.xml",
                             "https://paper.example.com/biden-abrams",
                             "Biden approves Abrams tank shipment for Kyiv", k_raised_at + 600}};
  return alert;
}

/// Runs the io_context until the condition holds or the deadline passes.
inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& condition,
                      std::chrono::milliseconds deadline = std::chrono::seconds(20)) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= end) return false;
    io.restart();
    io.run_for(std::chrono::milliseconds(5));
  }
  return true;
}

/// A transport that records each request and answers it on the io_context, as a real one
/// would: with the next response queued for its URL, else the URL's standing answer,
/// else 200. Requests to a held URL stay unanswered until release() or cancel_all().
class ScriptedTransport final : public alert::Transport {
 public:
  explicit ScriptedTransport(boost::asio::io_context& io) : m_io(io) {}

  static alert::WebhookResponse status(int code, alert::Headers headers = {}) {
    alert::WebhookResponse response;
    response.status = code;
    response.headers = std::move(headers);
    return response;
  }

  void then(const std::string& url, alert::WebhookResponse response) {
    m_queued[url].push_back(std::move(response));
  }
  void always(const std::string& url, alert::WebhookResponse response) {
    m_standing[url] = std::move(response);
  }
  void hold(const std::string& url) { m_held_urls.push_back(url); }
  /// Answers every held request (and stops holding).
  void release() {
    m_held_urls.clear();
    for (auto& [url, callback] : std::exchange(m_held, {})) answer(url, std::move(callback));
  }

  void post(alert::WebhookRequest request, Callback callback) override {
    const std::string url = request.url;
    requests.push_back(std::move(request));
    if (std::find(m_held_urls.begin(), m_held_urls.end(), url) != m_held_urls.end()) {
      m_held.emplace_back(url, std::move(callback));
      return;
    }
    answer(url, std::move(callback));
  }

  void cancel_all() override {
    ++cancelled;
    for (auto& [url, callback] : std::exchange(m_held, {})) {
      alert::WebhookResponse response;
      response.outcome = alert::TransportOutcome::cancelled;
      boost::asio::post(m_io, [callback = std::move(callback), response] { callback(response); });
    }
  }

  std::size_t held() const { return m_held.size(); }
  std::size_t count(const std::string& url) const {
    return static_cast<std::size_t>(std::count_if(requests.begin(), requests.end(),
                                                  [&](const auto& r) { return r.url == url; }));
  }

  std::vector<alert::WebhookRequest> requests;
  int cancelled = 0;

 private:
  void answer(const std::string& url, Callback callback) {
    alert::WebhookResponse response = status(200);
    if (auto queued = m_queued.find(url); queued != m_queued.end() && !queued->second.empty()) {
      response = std::move(queued->second.front());
      queued->second.pop_front();
    } else if (auto standing = m_standing.find(url); standing != m_standing.end()) {
      response = standing->second;
    }
    boost::asio::post(m_io, [callback = std::move(callback), response = std::move(response)] {
      callback(response);
    });
  }

  boost::asio::io_context& m_io;
  std::map<std::string, std::deque<alert::WebhookResponse>> m_queued;
  std::map<std::string, alert::WebhookResponse> m_standing;
  std::vector<std::string> m_held_urls;
  std::vector<std::pair<std::string, Callback>> m_held;
};

/// The value of a request header, or an empty string.
inline std::string header_of(const alert::WebhookRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace newsmon::test

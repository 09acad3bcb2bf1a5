#pragma once
// What the alert tests share: a sample alert as the store would hand it over, the fake
// HTTP client whose answers the test scripts, and a way to run an io_context until
// something has happened (polling with a deadline, never sleeping).

#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>

#include "daemon/fetch/http_client.h"
#include "daemon/store/store.h"
#include "tests/support/fake_http_client.h"

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

/// The value of a request header, or an empty string.
inline std::string header_of(const fetch::Request& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace newsmon::test

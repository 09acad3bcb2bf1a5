#pragma once
// What the alert tests share: sample alerts and messages as the store and the worker would
// hand them over, the fake
// HTTP client whose answers the test scripts, and a way to run an io_context until
// something has happened (polling with a deadline, never sleeping).

#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>

#include "daemon/alert/message.h"
#include "daemon/fetch/http_client.h"
#include "daemon/store/store.h"
#include "tests/support/fake_http_client.h"

namespace newsmon::test {

inline constexpr store::Epoch k_raised_at = 1'675'069'920;  // 2023-01-30T09:12:00Z

inline rules::Match sample_match(std::string rule_id, std::string title,
                                 std::vector<std::string> topics, rules::Severity severity,
                                 std::vector<rules::Hit> hits) {
  rules::Match match;
  match.rule_id = std::move(rule_id);
  match.rule_title = std::move(title);
  match.topics = std::move(topics);
  match.severity = severity;
  match.hits = std::move(hits);
  return match;
}

/// A story two rules matched, as the store hands it over: with a function word and
/// overlapping terms among the hits (which alerts leave out), the transfers the story
/// reports, and a copy from another outlet.
inline store::Alert sample_alert() {
  using rules::Field;
  store::Alert alert;
  alert.id = 42;
  alert.raised_at = k_raised_at;
  auto& story = alert.story;
  story.item_id = 7;
  story.entry_id = "https://wire.example.net/2023/01/25/abrams";
  story.link = "https://wire.example.net/2023/01/25/abrams";
  story.title = "US to send 31 Abrams tanks to Ukraine";
  story.summary =
      "The United States will send 31 M1 Abrams tanks to Ukraine, and Germany 14 Leopard 2 "
      "tanks, the allies said on Wednesday after weeks of R&D <debate> in Washington.";
  story.published = {feed::DateStatus::parsed, 1'675'068'000, "Mon, 30 Jan 2023 08:40:00 GMT"};
  story.first_seen = k_raised_at;
  story.feed_title = "Wire World";
  story.feed_url = "https://wire.example.net/rss";
  auto pledge = sample_match("arms-transfer-pledge", "Weapons pledged or supplied",
                             {"arms_transfer"}, rules::Severity::high,
                             {{Field::title, 14, 20, "Abrams"},
                              {Field::title, 14, 26, "Abrams tanks"},
                              {Field::title, 27, 29, "to"},
                              {Field::summary, 23, 27, "send"},
                              {Field::summary, 34, 40, "Abrams"}});
  pledge.events = {{"United States", "Ukraine", "M1 Abrams", 31, rules::TransferStatus::pledged},
                   {"Germany", "Ukraine", "Leopard 2", 14, rules::TransferStatus::pledged}};
  auto allies =
      sample_match("allied-tank-coalition", "Allies coordinate tank deliveries",
                   {"arms_transfer", "alliance_diplomacy"}, rules::Severity::medium,
                   {{Field::summary, 95, 101, "allies"}, {Field::summary, 84, 89, "tanks"}});
  allies.events = {pledge.events[0]};
  alert.matches = {{7, k_raised_at, std::move(pledge)}, {7, k_raised_at, std::move(allies)}};
  alert.snippet = {Field::summary,
                   "The United States will send 31 M1 Abrams tanks to Ukraine, and Germany 14 "
                   "Leopard 2 tanks, the allies said on Wednesday after weeks of R&D <debate> in "
                   "Washington.",
                   {{23, 27}, {34, 40}, {84, 89}, {95, 101}}};
  alert.also_reported_by = {{"Paper Europe", "https://paper.example.com/feed.xml",
                             "https://paper.example.com/biden-abrams",
                             "Biden approves Abrams tank shipment for Kyiv", k_raised_at + 600}};
  return alert;
}

/// The message of one alert.
inline alert::Message single(store::Alert alert) {
  alert::Message message;
  message.entries.push_back({std::move(alert), std::nullopt, std::nullopt});
  return message;
}

/// A follow-up to the sample alert: a copy added a rule of a new topic and a higher severity.
inline alert::Message sample_update() {
  auto alert = sample_alert();
  alert.matches.push_back({8, k_raised_at + 900,
                           sample_match("nato-arms-appeal", "NATO appeals for arms",
                                        {"nato_appeals"}, rules::Severity::critical, {})});
  alert::Update update;
  update.updates = "msg_7c64030afcca293cfaf601b443c38c1c";
  update.sequence = 1;
  update.new_topics = {"nato_appeals"};
  update.new_rules = {"nato-arms-appeal"};
  update.previous_severity = rules::Severity::high;
  update.severity = rules::Severity::critical;
  alert::Message message;
  message.entries.push_back({std::move(alert), std::move(update), std::nullopt});
  return message;
}

/// A digest of the hour 09:00 to 10:00 with `count` alerts.
inline alert::Message sample_digest(int count) {
  alert::Message message;
  message.digest = alert::DigestWindow{k_raised_at - 720, k_raised_at + 2880};
  for (int i = 0; i < count; ++i) {
    auto alert = sample_alert();
    alert.id = 100 + i;
    alert.story.title = "Story " + std::to_string(i + 1) + ": " + alert.story.title;
    alert.story.link += "/" + std::to_string(i + 1);
    message.entries.push_back({std::move(alert), std::nullopt, std::nullopt});
  }
  return message;
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

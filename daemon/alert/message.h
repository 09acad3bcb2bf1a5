#pragma once
// The alert unit as people read it, and the messages that carry it: one alert, a
// follow-up to an earlier message, or a digest of a window's alerts.

#include <optional>
#include <string>
#include <vector>

#include "daemon/rules/match.h"
#include "daemon/store/records.h"

namespace newsmon::alert {

/// A rule of an alert.
struct RuleLine {
  std::string id;
  std::string title;
  rules::Severity severity = rules::Severity::medium;
  std::vector<std::string> topics;
};

/// Everything the rules found in an alert's stories, merged: the highest severity, the
/// union of the topics, each rule once (the most severe first), the raising story's hits
/// cleaned (evidence.h), and its events (add_event). Of the rules and
/// topics a webhook was told (`told`), only those: the rules it routes, silenced ones left
/// out, and the topics it routes.
struct AlertView {
  rules::Severity severity = rules::Severity::info;
  std::vector<std::string> topics;
  std::vector<RuleLine> rules;
  std::vector<rules::Hit> hits;
  std::vector<rules::Event> events;
};

AlertView view_of(const store::Alert& alert, const store::Notice* told = nullptr);

/// Where an event was read: in the alert's own story or in another outlet's copy of it.
enum class EventSource { story, copy };

/// Adds an event to an alert's events unless it is there already. One read in a copy is
/// added only when it reports what the story's do not: a transfer between other parties
/// or with another status, an alliance act of other parties. So a copy that words a
/// transfer differently ("arms" where the story says "military support") adds no second
/// line for it. Add the story's events first.
void add_event(std::vector<rules::Event>& events, const rules::Event& event, EventSource source);

/// What a follow-up adds to the earlier messages about its alert.
struct Update {
  std::string updates;  ///< the webhook-id of the first message about the alert
  int sequence = 1;
  std::vector<std::string> new_topics;
  std::vector<std::string> new_rules;
  std::optional<rules::Severity> previous_severity;  ///< when the severity rose
  rules::Severity severity = rules::Severity::info;  ///< what the webhook is told now
};

struct MessageEntry {
  store::Alert alert;
  std::optional<Update> update;       ///< for a follow-up
  std::optional<store::Notice> told;  ///< what the webhook is told; nullopt: the whole alert
};

AlertView view_of(const MessageEntry& entry);

/// The window a digest covers, [start, end).
struct DigestWindow {
  store::Epoch start = 0;
  store::Epoch end = 0;
};

/// What one request carries: one alert (or a follow-up), or a digest of several.
struct Message {
  std::vector<MessageEntry> entries;
  std::optional<DigestWindow> digest;
};

/// The message of one leased delivery.
Message message_of(store::DeliveryJob job);

/// The digest of a window's leased deliveries (all of one window, oldest first).
Message digest_of(std::vector<store::DeliveryJob> jobs, DigestWindow window);

}  // namespace newsmon::alert

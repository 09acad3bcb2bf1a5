#pragma once
// The request bodies of the four formats. One alert (or a follow-up) carries the story's
// title, link, outlets and date, the alert's severity, topics and rules, the snippet with
// its hits marked, the events and the other outlets that reported the story; a digest
// lists a window's alerts, cut at the format's size limit with the count of the rest.
// docs/webhooks.md shows each one.
//
// Rendering is deterministic: the same message gives the same bytes, so a retry carries
// the body of the first attempt unless a copy of the story arrived in between.

#include <string>

#include <nlohmann/json.hpp>

#include "daemon/alert/endpoint.h"
#include "daemon/alert/message.h"

namespace newsmon::alert {

/// The version of the json envelope ("version" in it); docs/webhooks.md says what changed.
inline constexpr int k_envelope_version = 2;

/// The body to POST, as compact JSON (all formats are JSON). The one entry point: every
/// kind of message in every format goes through it.
std::string render_payload(Format format, const Message& message);

/// The `data` of a json alert: severity, topics, rules, story, snippet, hits (per field),
/// events, also_reported_by; of the rules and topics, those `told` names (view_of()).
/// `newsmon alerts --json` prints the same shape for the whole alert.
nlohmann::ordered_json alert_data(const store::Alert& alert, const store::Notice* told = nullptr);

/// The envelope {"type","version","timestamp","data"} of DESIGN.md section 7.
nlohmann::ordered_json json_payload(const Message& message);
/// A Slack incoming-webhook message: "text" (the notification line) and Block Kit
/// "blocks", within Slack's limits (header 150 characters, section 3,000, 40 blocks).
nlohmann::ordered_json slack_payload(const Message& message);
/// A Discord webhook message: "content" (≤ 2,000) and embeds (title ≤ 256, description ≤
/// 4,096, fields ≤ 1,024, at most 10 and 6,000 characters together); mentions disabled.
nlohmann::ordered_json discord_payload(const Message& message);
/// A Microsoft Teams (Workflows) message with one Adaptive Card 1.4 attachment.
nlohmann::ordered_json teams_payload(const Message& message);

}  // namespace newsmon::alert

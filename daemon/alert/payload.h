#pragma once
// The request bodies of the four formats. Each carries the story's title, link, feed,
// the rule's severity and topics, the hit terms and, where present, the extracted events
// and the other outlets that reported the story. docs/webhooks.md shows each one.
//
// Rendering is deterministic: the same alert gives the same bytes, so a retry carries
// the body of the first attempt unless a copy of the story arrived in between.

#include <string>

#include <nlohmann/json.hpp>

#include "daemon/alert/endpoint.h"
#include "daemon/store/store.h"

namespace newsmon::alert {

/// The body to POST, as compact JSON (all formats are JSON).
std::string render_payload(Format format, const store::Alert& alert);

/// The generic envelope of DESIGN.md section 7: {"type":"newsmon.match","timestamp",
/// "data":{"rule","topics","story","hits","events","also_reported_by"}}.
nlohmann::ordered_json json_payload(const store::Alert& alert);
/// A Slack incoming-webhook message: "text" (the notification line) and Block Kit
/// "blocks", within Slack's limits (header 150 characters, section 3,000).
nlohmann::ordered_json slack_payload(const store::Alert& alert);
/// A Discord webhook message: "content" (≤ 2,000) and one embed (title ≤ 256,
/// description ≤ 4,096, fields ≤ 1,024, all ≤ 6,000); mentions in story text disabled.
nlohmann::ordered_json discord_payload(const store::Alert& alert);
/// A Microsoft Teams (Workflows) message with one Adaptive Card 1.4 attachment.
nlohmann::ordered_json teams_payload(const store::Alert& alert);

}  // namespace newsmon::alert

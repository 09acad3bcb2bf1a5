// The webhook bodies of the four formats, for alerts whose story text is anything a feed
// could carry.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "daemon/alert/payload.h"
#include "daemon/feed/date.h"
#include "daemon/util/text.h"
#include "tests/fuzz/fuzz.h"

namespace newsmon::fuzz {
namespace {

using nlohmann::json;

std::vector<std::string> pieces(std::string_view text, char separator) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (const auto piece : util::split(text, separator)) out.emplace_back(piece);
  return out;
}

std::string piece(const std::vector<std::string>& list, std::size_t index) {
  return index < list.size() ? list[index] : std::string();
}

// A transfer, or an alliance event when the last piece names an act (its parties the
// first two pieces, its place the third).
rules::Event event_from(const std::vector<std::string>& part) {
  rules::Event event;
  const std::string last = piece(part, 4);
  if (const auto act = rules::k_act_names.find(last)) {
    event.kind = rules::EventKind::alliance;
    event.act = *act;
    for (std::size_t i = 0; i < 2; ++i) {
      if (!piece(part, i).empty()) event.parties.push_back(piece(part, i));
    }
    event.place = piece(part, 2);
    return event;
  }
  event.supplier = piece(part, 0);
  event.recipient = piece(part, 1);
  event.system = piece(part, 2);
  if (!piece(part, 3).empty()) event.quantity = static_cast<std::int64_t>(piece(part, 3).size());
  event.status = rules::k_status_names.find(last).value_or(
      static_cast<rules::TransferStatus>(last.size() % 8));
  return event;
}

std::vector<rules::Event> events(std::string_view line) {
  std::vector<rules::Event> out;
  for (const auto& text : pieces(line, ';')) out.push_back(event_from(pieces(text, '|')));
  return out;
}

std::vector<store::Report> reports(std::string_view line) {
  std::vector<store::Report> out;
  for (const auto& text : pieces(line, ';')) {
    const auto part = pieces(text, '|');
    out.push_back({piece(part, 0), piece(part, 1), piece(part, 2), piece(part, 3), 1'700'000'000});
  }
  return out;
}

// One field a line: title, summary, link, feed title, feed URL, rule id, rule title,
// topics (a,b), hit texts (a,b), events (supplier|recipient|system|n|status or act;...), other
// reports (feed title|feed URL|link|title;...), published date.
store::Alert alert_from(std::string_view input) {
  Lines lines(input);
  store::Alert alert;
  alert.match_id = 7;
  alert.raised_at = 1'700'000'000;
  alert.title = lines.next();
  alert.summary = lines.next();
  alert.link = lines.next();
  alert.feed_title = lines.next();
  alert.feed_url = lines.next();
  alert.match.rule_id = lines.next();
  alert.match.rule_title = lines.next();
  alert.match.severity = static_cast<rules::Severity>(alert.match.rule_id.size() % 5);
  alert.match.topics = pieces(lines.next(), ',');
  for (const auto& text : pieces(lines.next(), ',')) {
    alert.match.hits.push_back({rules::Field::title, 0, text.size(), text});
  }
  alert.match.events = events(lines.next());
  alert.also_reported_by = reports(lines.next());
  alert.published = feed::parse_date(lines.next());
  alert.entry_id = lines.rest();
  return alert;
}

std::size_t characters(const json& text) {
  if (!text.is_string()) return 0;
  std::size_t count = 0;
  for (const char c : text.get_ref<const std::string&>()) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// Discord refuses a message past its limits (docs/webhooks.md).
void check_discord(json body) {
  require(characters(body["content"]) <= 2000, "Discord content within 2,000 characters");
  json& embed = body["embeds"][0];
  std::size_t total = characters(embed["title"]) + characters(embed["description"]) +
                      characters(embed["footer"]["text"]);
  require(characters(embed["title"]) <= 256, "Discord embed title within 256 characters");
  require(characters(embed["description"]) <= 4096, "Discord description within 4,096");
  for (auto& field : embed["fields"]) {
    require(characters(field["value"]) <= 1024, "Discord field within 1,024 characters");
    total += characters(field["name"]) + characters(field["value"]);
  }
  require(total <= 6000, "Discord embed within 6,000 characters");
}

// Slack cuts or refuses longer headers and sections.
void check_slack(json body) {
  require(characters(body["text"]) <= 3000, "Slack text within 3,000 characters");
  for (auto& block : body["blocks"]) {
    if (block["type"] == "header") {
      require(characters(block["text"]["text"]) <= 150, "Slack header within 150 characters");
    } else if (block.contains("text")) {
      require(characters(block["text"]["text"]) <= 3000, "Slack section within 3,000");
    }
  }
}

json render(alert::Format format, const store::Alert& alert) {
  const std::string body = alert::render_payload(format, alert);
  require(body == alert::render_payload(format, alert), "rendering is deterministic");
  try {
    return json::parse(body);
  } catch (const json::exception& error) {
    require(false, error.what());
  }
  return {};
}

}  // namespace

void alert_payload(std::string_view input) {
  const store::Alert alert = alert_from(input);
  (void)render(alert::Format::json, alert);
  (void)render(alert::Format::teams, alert);
  check_slack(render(alert::Format::slack, alert));
  check_discord(render(alert::Format::discord, alert));
}

}  // namespace newsmon::fuzz

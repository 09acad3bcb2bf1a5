// The webhook bodies of the four formats, for alerts, follow-ups and digests whose story
// text is anything a feed could carry.

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

// A match of the rule with these hits, found in the title (offsets where the text is).
rules::Match match_of(std::string_view rule_id, std::string_view title,
                      std::vector<std::string> topics, const std::string& story_title,
                      std::string_view hit_line) {
  rules::Match match;
  match.rule_id = rule_id;
  match.rule_title = title;
  match.severity = static_cast<rules::Severity>(rule_id.size() % 5);
  match.topics = std::move(topics);
  for (const auto& text : pieces(hit_line, ',')) {
    const auto at = story_title.find(text);
    const auto start = at == std::string::npos ? 0 : at;
    match.hits.push_back({rules::Field::title, start, start + text.size(), text});
  }
  return match;
}

// One field a line: title, summary, link, feed title, feed URL, rule id, rule title,
// topics (a,b), hit texts (a,b), events (supplier|recipient|system|n|status or act;...),
// other reports (feed title|feed URL|link|title;...), published date, entry id. The story
// matched the rule and a second one (the rule id reversed) of the first topic; the
// snippet is the summary with its first hit marked.
store::Alert alert_from(std::string_view input) {
  Lines lines(input);
  store::Alert alert;
  alert.id = 7;
  alert.raised_at = 1'700'000'000;
  auto& story = alert.story;
  story.item_id = 1;
  story.title = lines.next();
  story.summary = lines.next();
  story.link = lines.next();
  story.feed_title = lines.next();
  story.feed_url = lines.next();
  const std::string rule_id(lines.next());
  const std::string rule_title(lines.next());
  const auto topics = pieces(lines.next(), ',');
  auto match = match_of(rule_id, rule_title, topics, story.title, lines.next());
  match.events = events(lines.next());
  const std::string other(rule_id.rbegin(), rule_id.rend());
  alert.matches.push_back({1, alert.raised_at, match});
  alert.matches.push_back(
      {2, alert.raised_at, match_of(other, rule_title, {piece(topics, 0)}, story.title, "")});
  alert.also_reported_by = reports(lines.next());
  story.published = feed::parse_date(lines.next());
  story.entry_id = lines.rest();
  alert.snippet.field = rules::Field::summary;
  alert.snippet.text = story.summary;
  if (!match.hits.empty()) {
    const auto at = story.summary.find(match.hits[0].text);
    if (at != std::string::npos)
      alert.snippet.highlights.push_back({at, at + match.hits[0].text.size()});
  }
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
  require(body["embeds"].size() <= 10, "Discord: at most 10 embeds");
  std::size_t total = 0;
  for (auto& embed : body["embeds"]) {
    total += characters(embed["title"]) + characters(embed["description"]) +
             characters(embed["footer"]["text"]);
    require(characters(embed["title"]) <= 256, "Discord embed title within 256 characters");
    require(characters(embed["description"]) <= 4096, "Discord description within 4,096");
    for (auto& field : embed["fields"]) {
      require(characters(field["value"]) <= 1024, "Discord field within 1,024 characters");
      total += characters(field["name"]) + characters(field["value"]);
    }
  }
  require(total <= 6000, "Discord embeds within 6,000 characters");
}

// Slack cuts or refuses longer headers and sections, and messages of many blocks.
void check_slack(json body) {
  require(characters(body["text"]) <= 3000, "Slack text within 3,000 characters");
  require(body["blocks"].size() <= 50, "Slack: at most 50 blocks");
  for (auto& block : body["blocks"]) {
    if (block["type"] == "header") {
      require(characters(block["text"]["text"]) <= 150, "Slack header within 150 characters");
    } else if (block.contains("text")) {
      require(characters(block["text"]["text"]) <= 3000, "Slack section within 3,000");
    }
  }
}

json render(alert::Format format, const alert::Message& message) {
  const std::string body = alert::render_payload(format, message);
  require(body == alert::render_payload(format, message), "rendering is deterministic");
  try {
    return json::parse(body);
  } catch (const json::exception& error) {
    require(false, error.what());
  }
  return {};
}

void render_all(const alert::Message& message) {
  (void)render(alert::Format::json, message);
  const auto teams = render(alert::Format::teams, message).dump();
  require(teams.size() < 28 * 1024, "Teams message under 28 KB");
  check_slack(render(alert::Format::slack, message));
  check_discord(render(alert::Format::discord, message));
}

}  // namespace

void alert_payload(std::string_view input) {
  const store::Alert alert = alert_from(input);
  alert::Message single;
  single.entries.push_back({alert, std::nullopt, std::nullopt});
  render_all(single);

  alert::Update update;
  update.updates = "msg_0123";
  update.new_topics = {alert.matches[0].match.topics.empty() ? std::string()
                                                             : alert.matches[0].match.topics[0]};
  update.new_rules = {alert.matches[1].match.rule_id};
  update.previous_severity = rules::Severity::info;
  update.severity = rules::Severity::critical;
  alert::Message follow_up;
  follow_up.entries.push_back({alert, update, std::nullopt});
  render_all(follow_up);

  alert::Message digest;
  digest.digest = alert::DigestWindow{1'699'999'200, 1'700'002'800};
  for (int i = 0; i < 12; ++i) digest.entries.push_back({alert, std::nullopt, std::nullopt});
  render_all(digest);
}

}  // namespace newsmon::fuzz

#include "daemon/rules/match.h"

#include <array>

#include <nlohmann/json.hpp>

namespace newsmon::rules {
namespace {

constexpr std::array<const char*, 5> k_severity_names{"info", "low", "medium", "high", "critical"};
constexpr std::array<const char*, 3> k_field_names{"title", "summary", "content"};

Field parse_field(std::string_view text) {
  for (std::size_t i = 0; i < k_field_names.size(); ++i) {
    if (text == k_field_names[i]) return static_cast<Field>(i);
  }
  throw nlohmann::json::other_error::create(501, "unknown field name", nullptr);
}

}  // namespace

const char* severity_name(Severity severity) {
  return k_severity_names[static_cast<std::size_t>(severity)];
}

util::Result<Severity> parse_severity(std::string_view text) {
  for (std::size_t i = 0; i < k_severity_names.size(); ++i) {
    if (text == k_severity_names[i]) return static_cast<Severity>(i);
  }
  return util::make_error("unknown severity '{}': use info, low, medium, high or critical", text);
}

const char* field_name(Field field) {
  return k_field_names[static_cast<std::size_t>(field)];
}

void to_json(nlohmann::json& json, const Hit& hit) {
  json = {
      {"field", field_name(hit.field)}, {"start", hit.start}, {"end", hit.end}, {"text", hit.text}};
}

void to_json(nlohmann::json& json, const Event& event) {
  json = {
      {"supplier", event.supplier.empty() ? nlohmann::json() : nlohmann::json(event.supplier)},
      {"recipient", event.recipient.empty() ? nlohmann::json() : nlohmann::json(event.recipient)},
      {"system", event.system.empty() ? nlohmann::json() : nlohmann::json(event.system)},
      {"quantity", event.quantity ? nlohmann::json(*event.quantity) : nlohmann::json()},
      {"status", event.status}};
}

void to_json(nlohmann::json& json, const Match& match) {
  json = {{"rule", match.rule_id},  {"title", match.rule_title},
          {"topics", match.topics}, {"severity", severity_name(match.severity)},
          {"hits", match.hits},     {"events", match.events}};
  if (!match.removed.empty()) {
    json["removed"] = match.removed;
  }
}

void from_json(const nlohmann::json& json, Hit& hit) {
  hit.field = parse_field(json.at("field").get<std::string>());
  hit.start = json.at("start").get<std::size_t>();
  hit.end = json.at("end").get<std::size_t>();
  hit.text = json.at("text").get<std::string>();
}

void from_json(const nlohmann::json& json, Event& event) {
  const auto text = [&](const char* key) {
    const auto it = json.find(key);
    return it == json.end() || it->is_null() ? std::string() : it->get<std::string>();
  };
  event.supplier = text("supplier");
  event.recipient = text("recipient");
  event.system = text("system");
  event.status = text("status");
  const auto quantity = json.find("quantity");
  if (quantity != json.end() && quantity->is_number_integer()) {
    event.quantity = quantity->get<std::int64_t>();
  }
}

void from_json(const nlohmann::json& json, Match& match) {
  match.rule_id = json.at("rule").get<std::string>();
  match.rule_title = json.value("title", std::string());
  match.topics = json.value("topics", std::vector<std::string>());
  const auto severity = parse_severity(json.value("severity", std::string("medium")));
  match.severity = severity ? *severity : Severity::medium;
  match.hits = json.value("hits", std::vector<Hit>());
  match.events = json.value("events", std::vector<Event>());
  match.removed = json.value("removed", std::vector<std::string>());
}

}  // namespace newsmon::rules

#include "daemon/rules/match.h"

#include <array>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace newsmon::rules {
namespace {

// The names of an enum's values, in the order of its values: one table serves both
// directions.
template <typename Enum, std::size_t N>
struct EnumNames {
  std::array<const char*, N> names;

  const char* name(Enum value) const { return names[static_cast<std::size_t>(value)]; }
  std::optional<Enum> parse(std::string_view text) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (text == names[i]) return static_cast<Enum>(i);
    }
    return std::nullopt;
  }
  std::vector<std::string> all() const { return {names.begin(), names.end()}; }
  /// "a, b or c", for error messages.
  std::string listed() const {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
      if (i > 0) out += i + 1 == N ? " or " : ", ";
      out += names[i];
    }
    return out;
  }
};

constexpr EnumNames<Severity, 5> k_severities{{"info", "low", "medium", "high", "critical"}};
constexpr EnumNames<Field, 3> k_fields{{"title", "summary", "content"}};
constexpr EnumNames<TransferStatus, 8> k_statuses{{"requested", "pledged", "approved", "ordered",
                                                   "delivering", "delivered", "refused",
                                                   "alleged"}};
constexpr EnumNames<AllianceAct, 8> k_acts{
    {"summit", "accession", "treaty", "pact", "guarantee", "visit", "expulsion", "withdrawal"}};

template <typename Enum, std::size_t N>
Enum parse_or_throw(const EnumNames<Enum, N>& table, std::string_view text) {
  if (const auto value = table.parse(text)) return *value;
  throw nlohmann::json::other_error::create(501, "unknown name " + std::string(text), nullptr);
}

nlohmann::json name_or_null(const std::string& name) {
  return name.empty() ? nlohmann::json() : nlohmann::json(name);
}

}  // namespace

const char* severity_name(Severity severity) {
  return k_severities.name(severity);
}

util::Result<Severity> parse_severity(std::string_view text) {
  if (const auto severity = k_severities.parse(text)) return *severity;
  return util::make_error("unknown severity '{}': use {}", text, k_severities.listed());
}

const char* field_name(Field field) {
  return k_fields.name(field);
}

const char* status_name(TransferStatus status) {
  return k_statuses.name(status);
}

util::Result<TransferStatus> parse_status(std::string_view text) {
  if (const auto status = k_statuses.parse(text)) return *status;
  return util::make_error("unknown status '{}': use {}", text, k_statuses.listed());
}

std::vector<std::string> status_names() {
  return k_statuses.all();
}

std::vector<std::string> act_names() {
  return k_acts.all();
}

const char* act_name(AllianceAct act) {
  return k_acts.name(act);
}

util::Result<AllianceAct> parse_act(std::string_view text) {
  if (const auto act = k_acts.parse(text)) return *act;
  return util::make_error("unknown act '{}': use {}", text, k_acts.listed());
}

std::string event_line(const Event& event) {
  if (event.kind == EventKind::alliance) {
    std::string line = event.parties.empty() ? "?" : event.parties.front();
    for (std::size_t i = 1; i < event.parties.size(); ++i) line += ", " + event.parties[i];
    line += fmt::format(": {}", act_name(event.act));
    if (!event.place.empty()) line += " in " + event.place;
    return line;
  }
  std::string line;
  if (!event.supplier.empty() || !event.recipient.empty()) {
    line = fmt::format("{} → {}", event.supplier.empty() ? "?" : event.supplier,
                       event.recipient.empty() ? "?" : event.recipient);
  }
  std::string what;
  if (event.quantity) what = fmt::format("{} × ", *event.quantity);
  what += event.system.empty() ? "weapons" : event.system;
  line += line.empty() ? what : ": " + what;
  return line + fmt::format(" ({})", status_name(event.status));
}

void to_json(nlohmann::json& json, const Hit& hit) {
  json = {
      {"field", field_name(hit.field)}, {"start", hit.start}, {"end", hit.end}, {"text", hit.text}};
}

void to_json(nlohmann::json& json, const Event& event) {
  if (event.kind == EventKind::alliance) {
    json = {{"parties", event.parties},
            {"act", act_name(event.act)},
            {"place", name_or_null(event.place)}};
    return;
  }
  json = {{"supplier", name_or_null(event.supplier)},
          {"recipient", name_or_null(event.recipient)},
          {"system", name_or_null(event.system)},
          {"quantity", event.quantity ? nlohmann::json(*event.quantity) : nlohmann::json()},
          {"status", status_name(event.status)}};
}

void to_json(nlohmann::json& json, const Match& match) {
  json = {{"rule", match.rule_id},  {"title", match.rule_title},
          {"topics", match.topics}, {"severity", severity_name(match.severity)},
          {"hits", match.hits},     {"events", match.events}};
  if (!match.removed.empty()) {
    json["removed"] = match.removed;
  }
  if (!match.event_condition.empty()) json["event_condition"] = match.event_condition;
}

void from_json(const nlohmann::json& json, Hit& hit) {
  hit.field = parse_or_throw(k_fields, json.at("field").get<std::string>());
  hit.start = json.at("start").get<std::size_t>();
  hit.end = json.at("end").get<std::size_t>();
  hit.text = json.at("text").get<std::string>();
}

void from_json(const nlohmann::json& json, Event& event) {
  const auto text = [&](const char* key) {
    const auto it = json.find(key);
    return it == json.end() || it->is_null() ? std::string() : it->get<std::string>();
  };
  if (json.contains("act")) {
    event.kind = EventKind::alliance;
    event.act = k_acts.parse(text("act")).value_or(AllianceAct::summit);
    event.parties = json.value("parties", std::vector<std::string>());
    event.place = text("place");
    return;
  }
  event.supplier = text("supplier");
  event.recipient = text("recipient");
  event.system = text("system");
  // Rows written by older versions may lack a status.
  event.status = k_statuses.parse(text("status")).value_or(TransferStatus::pledged);
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
  match.event_condition = json.value("event_condition", std::string());
}

}  // namespace newsmon::rules

#include "daemon/rules/match.h"

#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace newsmon::rules {
namespace {

using nlohmann::json;

// The array `json_text` holds, or an Error naming what it should have held.
util::Result<json> parse_array(std::string_view json_text, std::string_view what) {
  json parsed = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array()) {
    return util::make_error("the {} are not a JSON array", what);
  }
  return parsed;
}

// The text under `key`: "" when it is absent or null, nullopt when it is not text.
std::optional<std::string> optional_text(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

util::Result<Hit> hit_from_json(const json& object) {
  const auto bad = util::make_error("a hit is not {{\"field\",\"start\",\"end\",\"text\"}}");
  if (!object.is_object()) return bad;
  const auto field = object.find("field");
  const auto start = object.find("start");
  const auto end = object.find("end");
  const auto text = object.find("text");
  if (field == object.end() || !field->is_string() || start == object.end() ||
      !start->is_number_unsigned() || end == object.end() || !end->is_number_unsigned() ||
      text == object.end() || !text->is_string()) {
    return bad;
  }
  auto parsed_field = parse_field(field->get<std::string>());
  if (!parsed_field) return parsed_field.error();
  return Hit{*parsed_field, start->get<std::size_t>(), end->get<std::size_t>(),
             text->get<std::string>()};
}

util::Result<Event> alliance_event_from_json(const json& object) {
  Event event;
  event.kind = EventKind::alliance;
  const auto act = object.find("act");
  if (!act->is_string()) return util::make_error("the act of an event is not text");
  auto parsed_act = k_act_names.parse(act->get<std::string>());
  if (!parsed_act) return parsed_act.error();
  event.act = *parsed_act;
  const auto parties = object.find("parties");
  if (parties != object.end()) {
    if (!parties->is_array()) return util::make_error("the parties of an event are not a list");
    for (const auto& party : *parties) {
      if (!party.is_string()) return util::make_error("a party of an event is not text");
      event.parties.push_back(party.get<std::string>());
    }
  }
  auto place = optional_text(object, "place");
  if (!place) return util::make_error("the place of an event is not text");
  event.place = std::move(*place);
  return event;
}

util::Result<Event> event_from_json(const json& object) {
  if (!object.is_object()) return util::make_error("an event is not a JSON object");
  if (object.contains("act")) return alliance_event_from_json(object);
  Event event;
  for (const auto& [key, target] :
       {std::pair{"supplier", &event.supplier}, std::pair{"recipient", &event.recipient},
        std::pair{"system", &event.system}}) {
    auto text = optional_text(object, key);
    if (!text) return util::make_error("the {} of an event is not text", key);
    *target = std::move(*text);
  }
  auto status = optional_text(object, "status");
  if (!status) return util::make_error("the status of an event is not text");
  // Rows written before statuses were checked may lack one.
  if (!status->empty()) {
    auto parsed_status = k_status_names.parse(*status);
    if (!parsed_status) return parsed_status.error();
    event.status = *parsed_status;
  }
  const auto quantity = object.find("quantity");
  if (quantity != object.end() && quantity->is_number_integer()) {
    event.quantity = quantity->get<std::int64_t>();
  }
  return event;
}

// A name, or null for a name not stated.
json name_or_null(const std::string& name) {
  return name.empty() ? json() : json(name);
}

// Each element of the array in `json_text`, read by `read`.
template <typename T, typename Read>
util::Result<std::vector<T>> parse_each(std::string_view json_text, std::string_view what,
                                        Read read) {
  auto array = parse_array(json_text, what);
  if (!array) return array.error();
  std::vector<T> out;
  for (const auto& element : *array) {
    auto value = read(element);
    if (!value) return value.error();
    out.push_back(std::move(*value));
  }
  return out;
}

}  // namespace

const char* severity_name(Severity severity) {
  return k_severity_names.name_of(severity);
}

util::Result<Severity> parse_severity(std::string_view text) {
  return k_severity_names.parse(text);
}

const char* field_name(Field field) {
  return k_field_names.name_of(field);
}

util::Result<Field> parse_field(std::string_view text) {
  return k_field_names.parse(text);
}

const char* status_name(TransferStatus status) {
  return k_status_names.name_of(status);
}

const char* act_name(AllianceAct act) {
  return k_act_names.name_of(act);
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

util::Result<std::vector<Hit>> parse_hits(std::string_view json_text) {
  return parse_each<Hit>(json_text, "hits", hit_from_json);
}

util::Result<std::vector<Event>> parse_events(std::string_view json_text) {
  return parse_each<Event>(json_text, "events", event_from_json);
}

}  // namespace newsmon::rules

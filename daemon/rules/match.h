#pragma once
// What a rule match says: which rule fired on which story, why (hits), and what the story
// reports (events). Shared by the store, the alerter and the command line.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "daemon/util/enum_names.h"
#include "daemon/util/result.h"

namespace newsmon::rules {

enum class Severity { info, low, medium, high, critical };
inline constexpr auto k_severity_names =
    util::enum_names<Severity>("severity", {{Severity::info, "info"},
                                            {Severity::low, "low"},
                                            {Severity::medium, "medium"},
                                            {Severity::high, "high"},
                                            {Severity::critical, "critical"}});
const char* severity_name(Severity severity);
util::Result<Severity> parse_severity(std::string_view text);

enum class Field { title, summary, content };
inline constexpr auto k_field_names = util::enum_names<Field>(
    "field", {{Field::title, "title"}, {Field::summary, "summary"}, {Field::content, "content"}});
const char* field_name(Field field);
util::Result<Field> parse_field(std::string_view text);

/// The text of one story as rules see it: plain text per field.
struct Story {
  std::string_view title;
  std::string_view summary;
  std::string_view content;
};

/// One piece of evidence: the bytes [start, end) of the field's text matched a term.
struct Hit {
  Field field = Field::title;
  std::size_t start = 0;
  std::size_t end = 0;
  std::string text;  ///< the matched bytes, as they appear in the story
};

/// How far a transfer has gone, as an event reports it.
enum class TransferStatus {
  requested,   ///< urged, asked, called on
  pledged,     ///< will send, commits, offers
  approved,    ///< approves a sale, clears, notifies Congress, lifts an embargo
  ordered,     ///< buys, signs a contract, selects
  delivering,  ///< sends, supplies, is delivering: under way
  delivered,   ///< sent, handed over, arrived, took delivery
  refused,     ///< rules out, blocks, halts, pauses, an embargo imposed
  alleged,     ///< accused of, denies, said by a third party
};
inline constexpr auto k_status_names =
    util::enum_names<TransferStatus>("status", {{TransferStatus::requested, "requested"},
                                                {TransferStatus::pledged, "pledged"},
                                                {TransferStatus::approved, "approved"},
                                                {TransferStatus::ordered, "ordered"},
                                                {TransferStatus::delivering, "delivering"},
                                                {TransferStatus::delivered, "delivered"},
                                                {TransferStatus::refused, "refused"},
                                                {TransferStatus::alleged, "alleged"}});
const char* status_name(TransferStatus status);

/// What an alliance event is about.
enum class AllianceAct { summit, accession, treaty, pact, guarantee, visit, expulsion, withdrawal };
inline constexpr auto k_act_names =
    util::enum_names<AllianceAct>("act", {{AllianceAct::summit, "summit"},
                                          {AllianceAct::accession, "accession"},
                                          {AllianceAct::treaty, "treaty"},
                                          {AllianceAct::pact, "pact"},
                                          {AllianceAct::guarantee, "guarantee"},
                                          {AllianceAct::visit, "visit"},
                                          {AllianceAct::expulsion, "expulsion"},
                                          {AllianceAct::withdrawal, "withdrawal"}});
const char* act_name(AllianceAct act);

/// The kinds of event, one per `extract:` kind.
enum class EventKind { transfer, alliance };

/// One event a story reports. A transfer of weapons (extract: arms_transfer) fills the
/// first five members; an alliance event (extract: alliance_diplomacy) fills `parties`,
/// `act` and `place`.
struct Event {
  std::string supplier;  ///< canonical state name ("South Korea"), empty when not stated
  std::string recipient;
  std::string system;  ///< equipment as the story names it
  std::optional<std::int64_t> quantity;
  TransferStatus status = TransferStatus::pledged;
  EventKind kind = EventKind::transfer;
  std::vector<std::string> parties{};  ///< canonical names of the states and alliances
  AllianceAct act = AllianceAct::summit;
  std::string place{};  ///< the state where it happens, empty when not stated
};

struct Match {
  std::string rule_id;
  std::string rule_title;
  std::vector<std::string> topics;
  Severity severity = Severity::medium;
  std::vector<Hit> hits;
  std::vector<Event> events;
  std::chrono::seconds suppress{0};  ///< the rule's suppress window; 0 = the configured default
  std::vector<std::string> removed;  ///< with explanations on: what masks/exceptions took away
  /// With explanations on, for a rule with an event condition: the event that met it.
  std::string event_condition;
};

/// The event in one line for people: "United States → Ukraine: 31 × M1 Abrams (pledged)",
/// "Japan, Philippines: pact in Philippines".
std::string event_line(const Event& event);

void to_json(nlohmann::json& json, const Hit& hit);
/// A transfer: {"supplier","recipient","system","quantity","status"}; an alliance event:
/// {"parties","act","place"}. Names not stated are null.
void to_json(nlohmann::json& json, const Event& event);
/// {"rule","title","topics","severity","hits","events"} (+"removed" and "event_condition"
/// when not empty).
void to_json(nlohmann::json& json, const Match& match);

/// Hits and events as to_json writes them, read back from JSON text (a store column). An
/// Error, never an exception, for text of any other shape.
util::Result<std::vector<Hit>> parse_hits(std::string_view json_text);
util::Result<std::vector<Event>> parse_events(std::string_view json_text);

}  // namespace newsmon::rules

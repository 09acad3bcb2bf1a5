#include "daemon/rules/extract.h"

#include <algorithm>
#include <array>

#include "daemon/rules/extract_sentence.h"
#include "daemon/rules/extract_tags.h"
#include "daemon/util/tokenize.h"

namespace newsmon::rules {
namespace {

using detail::Candidate;
using detail::TransferStatus;

// Bounds that keep extraction linear and small whatever the story.
constexpr std::size_t k_max_field_bytes = 64 * 1024;
constexpr std::size_t k_max_sentence_words = 120;
constexpr std::size_t k_max_events = 16;

constexpr std::array<std::string_view, 24> k_abbreviations{
    "mr", "mrs",  "ms",  "dr",  "gen", "lt",  "col",  "sgt", "st",  "no",  "vs",  "inc",
    "co", "corp", "ltd", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "rep", "sen"};

bool ends_sentence(std::string_view text, const util::Token& before, const util::Token& after) {
  const std::string_view gap = text.substr(before.end, after.start - before.end);
  if (gap.find_first_of(";:!?\n") != std::string_view::npos) return true;
  if (gap.find('.') == std::string_view::npos) return false;
  // "U.S.", "S. Korea", "Gen. Smith": a dot after an initial or an abbreviation.
  const std::string_view word = before.folded;
  if (word.size() == 1) return false;
  if (std::find(k_abbreviations.begin(), k_abbreviations.end(), word) != k_abbreviations.end()) {
    return false;
  }
  const char next = text[after.start];
  return !(next >= 'a' && next <= 'z');
}

/// Candidates of every sentence of one field, in order; the parties it names go to
/// `parties`.
void read_field(std::string_view text, std::vector<Candidate>& out,
                detail::SentenceParties& parties) {
  if (text.size() > k_max_field_bytes) text = text.substr(0, k_max_field_bytes);
  const auto tokens = util::tokenize(text, util::JoinedForms::skip);
  std::vector<util::Token> sentence;
  const auto flush = [&] {
    for (auto& candidate : detail::read_sentence(text, sentence, &parties))
      out.push_back(std::move(candidate));
    sentence.clear();
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    sentence.push_back(tokens[i]);
    const bool last = i + 1 == tokens.size();
    if (last || sentence.size() >= k_max_sentence_words ||
        ends_sentence(text, tokens[i], tokens[i + 1])) {
      flush();
    }
  }
}

// Words that say what kind of thing a system is rather than which one.
constexpr std::array<std::string_view, 47> k_generic{
    "missile",   "missiles", "tank",       "tanks",     "jets",      "jet",      "fighter",
    "fighters",  "aircraft", "drones",     "drone",     "systems",   "system",   "air",
    "defence",   "defense",  "weapons",    "weapon",    "arms",      "military", "ammunition",
    "munitions", "shells",   "rockets",    "launchers", "battery",   "cruise",   "anti",
    "support",   "aid",      "assistance", "equipment", "hardware",  "lethal",   "main",
    "battle",    "heavy",    "modern",     "advanced",  "stealth",   "armed",    "light",
    "attack",    "combat",   "package",    "new",       "additional"};

std::vector<std::string> specific_words(const std::string& system) {
  std::vector<std::string> words;
  for (const auto& token : util::tokenize(system, util::JoinedForms::skip)) {
    if (std::find(k_generic.begin(), k_generic.end(), token.folded) == k_generic.end()) {
      std::string word = token.folded;
      if (word.size() > 3 && word.back() == 's') word.pop_back();  // "Stingers", "Stinger"
      words.push_back(std::move(word));
    }
  }
  return words;
}

bool compatible(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return true;
  const auto left = specific_words(a);
  const auto right = specific_words(b);
  if (left.empty() || right.empty()) return true;
  return std::any_of(left.begin(), left.end(), [&](const std::string& word) {
    return std::find(right.begin(), right.end(), word) != right.end();
  });
}

bool same_equipment(const std::string& a, const std::string& b) {
  const auto left = specific_words(a);
  const auto right = specific_words(b);
  return std::any_of(left.begin(), left.end(), [&](const std::string& word) {
    return std::find(right.begin(), right.end(), word) != right.end();
  });
}

// Whether two names end in the same noun ("Challenger 2 tanks", "main battle tanks").
bool same_head(const std::string& a, const std::string& b) {
  const auto left = util::tokenize(a, util::JoinedForms::skip);
  const auto right = util::tokenize(b, util::JoinedForms::skip);
  return !left.empty() && !right.empty() && left.back().folded == right.back().folded;
}

bool shares(const std::vector<std::uint16_t>& a, const std::vector<std::uint16_t>& b) {
  return std::any_of(a.begin(), a.end(),
                     [&](auto p) { return std::find(b.begin(), b.end(), p) != b.end(); });
}

void fill(Candidate& into, const Candidate& from) {
  if (into.suppliers.empty()) into.suppliers = from.suppliers;
  if (into.recipients.empty()) into.recipients = from.recipients;
  // A name beats a class: "jets" becomes "F-35A fighters" when a later sentence says so.
  if (into.system.empty() ||
      (specific_words(into.system).empty() && !specific_words(from.system).empty())) {
    into.system = from.system;
    if (from.quantity) into.quantity = from.quantity;
  }
  // "Challenger 2 tanks" then "14 main battle tanks": a count of the same kind of thing.
  if (!into.quantity &&
      (same_equipment(into.system, from.system) ||
       (specific_words(from.system).empty() && same_head(into.system, from.system)))) {
    into.quantity = from.quantity;
  }
  if (into.status == TransferStatus::none) into.status = from.status;
}

bool complete(const Candidate& candidate) {
  return !candidate.suppliers.empty() && !candidate.recipients.empty();
}

/// Folds candidates that describe the same transfer into one, keeping the first.
std::vector<Candidate> merge(std::vector<Candidate> candidates) {
  std::vector<Candidate> merged;
  for (auto& candidate : candidates) {
    if (candidate.status == TransferStatus::speculation) continue;
    // A count with no parties ("one IRIS-T SLM system had been delivered") only completes
    // the transfer of the same named equipment.
    if (candidate.suppliers.empty() && candidate.recipients.empty()) {
      for (auto& existing : merged) {
        if (!existing.quantity && same_equipment(existing.system, candidate.system)) {
          existing.quantity = candidate.quantity;
          break;
        }
      }
      continue;
    }
    bool absorbed = false;
    for (auto& existing : merged) {
      const bool same_sides = (candidate.suppliers.empty() || existing.suppliers.empty() ||
                               shares(candidate.suppliers, existing.suppliers)) &&
                              (candidate.recipients.empty() || existing.recipients.empty() ||
                               shares(candidate.recipients, existing.recipients));
      // Two halves of one transfer ("?" to Kyiv, Germany to "?") join when they name
      // the same equipment.
      const bool halves = !complete(candidate) && !complete(existing) &&
                          candidate.suppliers.empty() != existing.suppliers.empty() &&
                          (same_equipment(candidate.system, existing.system) ||
                           (compatible(candidate.system, existing.system) &&
                            !candidate.system.empty() && !existing.system.empty()));
      const bool overlap = shares(candidate.suppliers, existing.suppliers) ||
                           shares(candidate.recipients, existing.recipients) ||
                           (complete(candidate) != complete(existing)) || halves;
      if (same_sides && overlap && compatible(existing.system, candidate.system)) {
        fill(existing, candidate);
        absorbed = true;
        break;
      }
    }
    if (!absorbed) merged.push_back(std::move(candidate));
  }
  std::stable_partition(merged.begin(), merged.end(), complete);
  return merged;
}

// The one party of `among` that is not in `except`, or k_no_party when none or several.
std::uint16_t only_other(const std::vector<std::uint16_t>& among,
                         const std::vector<std::uint16_t>& except) {
  std::uint16_t found = detail::k_no_party;
  for (const auto party : among) {
    if (std::find(except.begin(), except.end(), party) != except.end() || party == found) continue;
    if (found != detail::k_no_party) return detail::k_no_party;
    found = party;
  }
  return found;
}

/// Gives a transfer that names its supplier but whose recipient is too far from the
/// transfer word the one other party the story can mean: the one other party of the
/// title, else the recipient of the story's other transfers, else of the whole story
/// ("Germany commits to Ukraine's defence … a package including 36 howitzers"). A
/// missing supplier is the one maker of the story's equipment, else the one other party
/// of the title or the story that makes arms.
void complete_from_story(std::vector<Candidate>& candidates,
                         const std::vector<std::uint16_t>& title_parties,
                         const detail::SentenceParties& story) {
  const std::vector<std::uint16_t>& story_parties = story.named;
  std::vector<std::uint16_t> recipients;
  for (const auto& candidate : candidates) {
    if (complete(candidate))
      recipients.insert(recipients.end(), candidate.recipients.begin(), candidate.recipients.end());
  }
  // A pair the story already reports the other way round is not completed to.
  const std::vector<Candidate> stated = candidates;
  const auto reversed = [&](std::uint16_t supplier, std::uint16_t recipient) {
    return std::any_of(stated.begin(), stated.end(), [&](const Candidate& other) {
      return complete(other) && shares(other.suppliers, {recipient}) &&
             shares(other.recipients, {supplier});
    });
  };
  for (auto& candidate : candidates) {
    if (complete(candidate)) continue;
    if (candidate.recipients.empty()) {
      std::uint16_t party = only_other(title_parties, candidate.suppliers);
      if (party == detail::k_no_party) party = only_other(recipients, candidate.suppliers);
      if (party == detail::k_no_party) party = only_other(story_parties, candidate.suppliers);
      if (party != detail::k_no_party && !reversed(candidate.suppliers.front(), party))
        candidate.recipients = {party};
    } else if (candidate.suppliers.empty()) {
      // The maker of the story's named equipment first ("… includes 50 F-35A").
      std::uint16_t party = only_other(story.makers, candidate.recipients);
      if (party == detail::k_no_party) party = only_other(title_parties, candidate.recipients);
      if (party == detail::k_no_party) party = only_other(story_parties, candidate.recipients);
      if (party != detail::k_no_party && detail::exporter(party) &&
          !reversed(party, candidate.recipients.front())) {
        candidate.suppliers = {party};
      }
    }
  }
}

std::string names(const std::vector<std::uint16_t>& parties) {
  const auto table = detail::gazetteer_parties();
  std::string out;
  for (const auto party : parties) {
    if (!out.empty()) out += ", ";
    out += table[party].canonical;
  }
  return out;
}

std::vector<Event> to_events(const std::vector<Candidate>& candidates) {
  std::vector<Event> events;
  for (const auto& candidate : candidates) {
    // One event per supplier–recipient pair, so each names one state on each side.
    const auto suppliers = candidate.suppliers.empty()
                               ? std::vector<std::uint16_t>{detail::k_no_party}
                               : candidate.suppliers;
    const auto recipients = candidate.recipients.empty()
                                ? std::vector<std::uint16_t>{detail::k_no_party}
                                : candidate.recipients;
    for (const auto supplier : suppliers) {
      for (const auto recipient : recipients) {
        if (events.size() >= k_max_events) return events;
        if (supplier == recipient && supplier != detail::k_no_party) continue;
        Event event;
        if (supplier != detail::k_no_party) event.supplier = names({supplier});
        if (recipient != detail::k_no_party) event.recipient = names({recipient});
        event.system = candidate.system;
        event.quantity = candidate.quantity;
        event.status = detail::status_name(candidate.status);
        if (event.status.empty()) event.status = "pledged";
        events.push_back(std::move(event));
      }
    }
  }
  return events;
}

}  // namespace

util::Result<ExtractKind> parse_extract_kind(std::string_view text) {
  return k_extract_kind_names.parse(text);
}

std::vector<Event> extract_events(ExtractKind kind, const Story& story,
                                  const std::vector<Hit>& hits) {
  // The hits are not needed: the extractor reads the whole story, which also finds
  // transfers that the rule's own words did not point at.
  static_cast<void>(hits);
  if (kind != ExtractKind::arms_transfer) return {};
  std::vector<Candidate> candidates;
  detail::SentenceParties parties;
  read_field(story.title, candidates, parties);
  const std::vector<std::uint16_t> title_parties = parties.named;
  read_field(story.summary, candidates, parties);
  read_field(story.content, candidates, parties);
  auto merged = merge(std::move(candidates));
  complete_from_story(merged, title_parties, parties);
  // A transfer word with one party and no equipment counts only once completed.
  std::erase_if(merged, [](const Candidate& c) { return !complete(c) && c.system.empty(); });
  return to_events(merge(std::move(merged)));
}

}  // namespace newsmon::rules

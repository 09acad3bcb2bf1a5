#include "daemon/rules/extract_words.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace newsmon::rules::detail {
namespace {

using S = TransferStatus;

template <std::size_t N>
bool among(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Transfer words by who does them, with the status they imply on their own.
constexpr std::array k_verbs = {
    VerbInfo{"send", Role::supply, S::pledged},
    VerbInfo{"sends", Role::supply, S::pledged},
    VerbInfo{"sending", Role::supply, S::pledged},
    VerbInfo{"sent", Role::supply, S::delivered},
    VerbInfo{"supply", Role::supply, S::pledged},
    VerbInfo{"supplies", Role::supply, S::pledged},
    VerbInfo{"supplying", Role::supply, S::pledged},
    VerbInfo{"supplied", Role::supply, S::delivered},
    VerbInfo{"deliver", Role::supply, S::delivered},
    VerbInfo{"delivers", Role::supply, S::delivered},
    VerbInfo{"delivering", Role::supply, S::delivered},
    VerbInfo{"delivered", Role::supply, S::delivered},
    VerbInfo{"delivery", Role::supply, S::delivered},
    VerbInfo{"deliveries", Role::supply, S::delivered},
    VerbInfo{"give", Role::supply, S::pledged},
    VerbInfo{"gives", Role::supply, S::pledged},
    VerbInfo{"giving", Role::supply, S::pledged},
    VerbInfo{"gave", Role::supply, S::delivered},
    VerbInfo{"given", Role::supply, S::delivered},
    VerbInfo{"donate", Role::supply, S::pledged},
    VerbInfo{"donates", Role::supply, S::pledged},
    VerbInfo{"donating", Role::supply, S::pledged},
    VerbInfo{"donated", Role::supply, S::delivered},
    VerbInfo{"donation", Role::supply, S::delivered},
    VerbInfo{"donations", Role::supply, S::delivered},
    VerbInfo{"provide", Role::supply, S::pledged},
    VerbInfo{"provides", Role::supply, S::pledged},
    VerbInfo{"providing", Role::supply, S::pledged},
    VerbInfo{"provided", Role::supply, S::delivered},
    VerbInfo{"transfer", Role::supply, S::pledged},
    VerbInfo{"transfers", Role::supply, S::pledged},
    VerbInfo{"transferring", Role::supply, S::pledged},
    VerbInfo{"transferred", Role::supply, S::delivered},
    VerbInfo{"shipped", Role::supply, S::delivered},
    VerbInfo{"shipment", Role::supply, S::delivered},
    VerbInfo{"shipments", Role::supply, S::delivered},
    VerbInfo{"consignment", Role::supply, S::delivered},
    VerbInfo{"sell", Role::supply, S::ordered},
    VerbInfo{"sells", Role::supply, S::ordered},
    VerbInfo{"selling", Role::supply, S::ordered},
    VerbInfo{"sold", Role::supply, S::ordered},
    VerbInfo{"sale", Role::supply, S::ordered},
    VerbInfo{"sales", Role::supply, S::ordered},
    VerbInfo{"export", Role::supply, S::delivered},
    VerbInfo{"exports", Role::supply, S::delivered},
    VerbInfo{"exporting", Role::supply, S::delivered},
    VerbInfo{"exported", Role::supply, S::delivered},
    VerbInfo{"reexport", Role::supply, S::delivered},
    VerbInfo{"pledge", Role::supply, S::pledged},
    VerbInfo{"pledges", Role::supply, S::pledged},
    VerbInfo{"pledged", Role::supply, S::pledged},
    VerbInfo{"pledging", Role::supply, S::pledged},
    VerbInfo{"promise", Role::supply, S::pledged},
    VerbInfo{"promises", Role::supply, S::pledged},
    VerbInfo{"promised", Role::supply, S::pledged},
    VerbInfo{"commit", Role::supply, S::pledged},
    VerbInfo{"commits", Role::supply, S::pledged},
    VerbInfo{"committed", Role::supply, S::pledged},
    VerbInfo{"committing", Role::supply, S::pledged},
    VerbInfo{"offer", Role::supply, S::pledged},
    VerbInfo{"offers", Role::supply, S::pledged},
    VerbInfo{"offered", Role::supply, S::pledged},
    VerbInfo{"hand", Role::supply, S::delivered},
    VerbInfo{"hands", Role::supply, S::delivered},
    VerbInfo{"handed", Role::supply, S::delivered},
    VerbInfo{"gifted", Role::supply, S::delivered},
    VerbInfo{"arm", Role::supply, S::pledged},
    VerbInfo{"arming", Role::supply, S::pledged},
    VerbInfo{"equip", Role::supply, S::pledged},
    VerbInfo{"lend", Role::supply, S::pledged},
    VerbInfo{"lent", Role::supply, S::delivered},
    VerbInfo{"lease", Role::supply, S::pledged},
    VerbInfo{"package", Role::supply, S::pledged},
    VerbInfo{"withhold", Role::supply, S::refused},
    VerbInfo{"withholds", Role::supply, S::refused},
    VerbInfo{"withheld", Role::supply, S::refused},
    VerbInfo{"withholding", Role::supply, S::refused},
    VerbInfo{"embargo", Role::supply, S::refused},
    VerbInfo{"embargoes", Role::supply, S::refused},
    VerbInfo{"dispatched", Role::supply, S::delivered},
    VerbInfo{"grant", Role::supply, S::pledged},
    VerbInfo{"grants", Role::supply, S::pledged},
    VerbInfo{"granted", Role::supply, S::delivered},
    VerbInfo{"arrive", Role::supply, S::delivered},
    VerbInfo{"arrives", Role::supply, S::delivered},
    VerbInfo{"arrived", Role::supply, S::delivered},
    VerbInfo{"arriving", Role::supply, S::delivered},
    VerbInfo{"landed", Role::supply, S::delivered},
    VerbInfo{"reach", Role::supply, S::delivered},
    VerbInfo{"reaches", Role::supply, S::delivered},
    VerbInfo{"reached", Role::supply, S::delivered},
    VerbInfo{"handing", Role::supply, S::delivered},
    VerbInfo{"loading", Role::supply, S::delivered},
    VerbInfo{"loaded", Role::supply, S::delivered},
    VerbInfo{"unloaded", Role::supply, S::delivered},
    VerbInfo{"trucked", Role::supply, S::delivered},
    VerbInfo{"parachuted", Role::supply, S::delivered},
    VerbInfo{"parachuting", Role::supply, S::delivered},
    VerbInfo{"airdropped", Role::supply, S::delivered},
    VerbInfo{"airdropping", Role::supply, S::delivered},
    VerbInfo{"buy", Role::acquire, S::ordered},
    VerbInfo{"buys", Role::acquire, S::ordered},
    VerbInfo{"buying", Role::acquire, S::ordered},
    VerbInfo{"bought", Role::acquire, S::ordered},
    VerbInfo{"purchase", Role::acquire, S::ordered},
    VerbInfo{"purchases", Role::acquire, S::ordered},
    VerbInfo{"purchased", Role::acquire, S::ordered},
    VerbInfo{"order", Role::acquire, S::ordered},
    VerbInfo{"orders", Role::acquire, S::ordered},
    VerbInfo{"ordering", Role::acquire, S::ordered},
    VerbInfo{"purchasing", Role::acquire, S::ordered},
    VerbInfo{"acquiring", Role::acquire, S::ordered},
    VerbInfo{"procuring", Role::acquire, S::ordered},
    VerbInfo{"receiving", Role::acquire, S::delivered},
    VerbInfo{"importing", Role::acquire, S::delivered},
    VerbInfo{"choosing", Role::acquire, S::ordered},
    VerbInfo{"selecting", Role::acquire, S::ordered},
    VerbInfo{"ordered", Role::acquire, S::ordered},
    VerbInfo{"acquire", Role::acquire, S::ordered},
    VerbInfo{"acquires", Role::acquire, S::ordered},
    VerbInfo{"acquired", Role::acquire, S::ordered},
    VerbInfo{"acquisition", Role::acquire, S::ordered},
    VerbInfo{"procure", Role::acquire, S::ordered},
    VerbInfo{"procures", Role::acquire, S::ordered},
    VerbInfo{"procured", Role::acquire, S::ordered},
    VerbInfo{"procurement", Role::acquire, S::ordered},
    VerbInfo{"buyer", Role::acquire, S::ordered},
    VerbInfo{"buyers", Role::acquire, S::ordered},
    VerbInfo{"induct", Role::acquire, S::delivered},
    VerbInfo{"inducts", Role::acquire, S::delivered},
    VerbInfo{"inducted", Role::acquire, S::delivered},
    VerbInfo{"induction", Role::acquire, S::delivered},
    VerbInfo{"import", Role::acquire, S::delivered},
    VerbInfo{"imports", Role::acquire, S::delivered},
    VerbInfo{"imported", Role::acquire, S::delivered},
    VerbInfo{"receive", Role::acquire, S::delivered},
    VerbInfo{"receives", Role::acquire, S::delivered},
    VerbInfo{"received", Role::acquire, S::delivered},
    VerbInfo{"obtain", Role::acquire, S::delivered},
    VerbInfo{"obtaining", Role::acquire, S::delivered},
    VerbInfo{"gets", Role::acquire, S::pledged},
    VerbInfo{"get", Role::acquire, S::pledged},
    VerbInfo{"choose", Role::acquire, S::ordered},
    VerbInfo{"chooses", Role::acquire, S::ordered},
    VerbInfo{"chose", Role::acquire, S::ordered},
    VerbInfo{"select", Role::acquire, S::ordered},
    VerbInfo{"selects", Role::acquire, S::ordered},
    VerbInfo{"selected", Role::acquire, S::ordered},
    VerbInfo{"picks", Role::acquire, S::ordered},
    VerbInfo{"picked", Role::acquire, S::ordered},
    VerbInfo{"contract", Role::weak_acquire, S::ordered},
    VerbInfo{"contracts", Role::weak_acquire, S::ordered},
    VerbInfo{"deal", Role::weak_acquire, S::ordered},
    VerbInfo{"deals", Role::weak_acquire, S::ordered},
    VerbInfo{"agreement", Role::weak_acquire, S::ordered},
    VerbInfo{"sign", Role::weak_acquire, S::ordered},
    VerbInfo{"signs", Role::weak_acquire, S::ordered},
    VerbInfo{"signed", Role::weak_acquire, S::ordered},
    VerbInfo{"seal", Role::weak_acquire, S::ordered},
    VerbInfo{"approve", Role::modifier, S::approved},
    VerbInfo{"approves", Role::modifier, S::approved},
    VerbInfo{"approved", Role::modifier, S::approved},
    VerbInfo{"approval", Role::modifier, S::approved},
    VerbInfo{"clears", Role::modifier, S::approved},
    VerbInfo{"cleared", Role::modifier, S::approved},
    VerbInfo{"notified", Role::modifier, S::approved},
    VerbInfo{"authorised", Role::modifier, S::approved},
    VerbInfo{"authorized", Role::modifier, S::approved},
};

struct Cue {
  std::string_view word;
  TransferStatus status;
};

// Words that qualify a transfer word a few words later.
constexpr std::array k_cues = {
    Cue{"refuse", S::refused},        Cue{"refuses", S::refused},
    Cue{"refused", S::refused},       Cue{"block", S::refused},
    Cue{"blocks", S::refused},        Cue{"blocked", S::refused},
    Cue{"reject", S::refused},        Cue{"rejects", S::refused},
    Cue{"rejected", S::refused},      Cue{"halt", S::refused},
    Cue{"halts", S::refused},         Cue{"halted", S::refused},
    Cue{"pause", S::refused},         Cue{"pauses", S::refused},
    Cue{"paused", S::refused},        Cue{"withhold", S::refused},
    Cue{"withholds", S::refused},     Cue{"withheld", S::refused},
    Cue{"suspend", S::refused},       Cue{"suspends", S::refused},
    Cue{"suspended", S::refused},     Cue{"cancel", S::refused},
    Cue{"cancels", S::refused},       Cue{"cancelling", S::refused},
    Cue{"canceling", S::refused},     Cue{"cancelled", S::refused},
    Cue{"canceled", S::refused},      Cue{"veto", S::refused},
    Cue{"vetoes", S::refused},        Cue{"ban", S::refused},
    Cue{"bans", S::refused},          Cue{"barred", S::refused},
    Cue{"freeze", S::refused},        Cue{"froze", S::refused},
    Cue{"stop", S::refused},          Cue{"stops", S::refused},
    Cue{"stopped", S::refused},       Cue{"delay", S::refused},
    Cue{"delays", S::refused},        Cue{"delayed", S::refused},
    Cue{"not", S::refused},           Cue{"never", S::refused},
    Cue{"declined", S::refused},      Cue{"against", S::refused},
    Cue{"out", S::refused},           Cue{"down", S::refused},
    Cue{"urge", S::requested},        Cue{"urges", S::requested},
    Cue{"urged", S::requested},       Cue{"urging", S::requested},
    Cue{"ask", S::requested},         Cue{"asks", S::requested},
    Cue{"asked", S::requested},       Cue{"request", S::requested},
    Cue{"requests", S::requested},    Cue{"requested", S::requested},
    Cue{"appeal", S::requested},      Cue{"appealed", S::requested},
    Cue{"pressed", S::requested},     Cue{"pressure", S::requested},
    Cue{"presses", S::requested},     Cue{"lobbies", S::requested},
    Cue{"seeks", S::requested},       Cue{"seek", S::requested},
    Cue{"sought", S::requested},      Cue{"demands", S::requested},
    Cue{"wants", S::requested},       Cue{"should", S::requested},
    Cue{"lobbying", S::requested},    Cue{"force", S::requested},
    Cue{"persuade", S::requested},    Cue{"allegedly", S::alleged},
    Cue{"alleged", S::alleged},       Cue{"accused", S::alleged},
    Cue{"accuses", S::alleged},       Cue{"covert", S::alleged},
    Cue{"covertly", S::alleged},      Cue{"secretly", S::alleged},
    Cue{"reportedly", S::alleged},    Cue{"suspected", S::alleged},
    Cue{"smuggled", S::alleged},      Cue{"smuggling", S::alleged},
    Cue{"illicit", S::alleged},       Cue{"denied", S::alleged},
    Cue{"denies", S::alleged},        Cue{"warned", S::alleged},
    Cue{"warns", S::alleged},         Cue{"fears", S::alleged},
    Cue{"could", S::speculation},     Cue{"may", S::speculation},
    Cue{"might", S::speculation},     Cue{"considering", S::speculation},
    Cue{"considers", S::speculation}, Cue{"mulls", S::speculation},
    Cue{"weighs", S::speculation},    Cue{"possible", S::speculation},
    Cue{"approve", S::approved},      Cue{"approves", S::approved},
    Cue{"approved", S::approved},     Cue{"clears", S::approved},
    Cue{"cleared", S::approved},      Cue{"notified", S::approved},
    Cue{"authorised", S::approved},   Cue{"authorized", S::approved},
    Cue{"licensed", S::approved},     Cue{"allow", S::approved},
    Cue{"lifts", S::approved},        Cue{"contracts", S::ordered},
    Cue{"contract", S::ordered},      Cue{"deal", S::ordered},
    Cue{"signed", S::ordered},        Cue{"signs", S::ordered},
    Cue{"will", S::pledged},          Cue{"to", S::pledged},
    Cue{"would", S::pledged},         Cue{"announced", S::pledged},
    Cue{"announces", S::pledged},     Cue{"agreed", S::pledged},
};

constexpr std::array<std::string_view, 8> k_to_words{"to",     "for",     "into", "towards",
                                                     "toward", "against", "onto", "aboard"};
constexpr std::array<std::string_view, 16> k_prepositions{
    "to", "for",     "from", "into",    "with",    "at",      "in",   "on",
    "of", "against", "by",   "despite", "towards", "between", "over", "than"};
constexpr std::array<std::string_view, 17> k_fillers{
    "the",          "a",           "an",      "its",    "their",  "new",
    "more",         "additional",  "further", "nato",   "member", "fellow",
    "neighbouring", "neighboring", "ally",    "allied", "royal"};
// Nouns that make a bare number a quantity of equipment ("64 jets").
constexpr std::array<std::string_view, 29> k_heads{
    "jets",     "fighters",   "aircraft",   "planes",    "warplanes", "helicopters",
    "vehicles", "systems",    "launchers",  "batteries", "units",     "boats",
    "ships",    "vessels",    "guns",       "rounds",    "shells",    "interceptors",
    "pieces",   "tanks",      "missiles",   "drones",    "battery",   "technology",
    "jet",      "airlifters", "transports", "radars",    "rifles"};
constexpr std::array<std::string_view, 20> k_units{
    "pound",   "pounds", "mm", "km",      "kg",  "ton",  "tons",  "tonnes", "tonne", "million",
    "billion", "bn",     "m",  "percent", "per", "year", "years", "day",    "days",  "kilometres"};
constexpr std::array<std::string_view, 20> k_number_words{
    "one",     "two",     "three",     "four",     "five",     "six",      "seven",
    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
constexpr std::array<std::string_view, 7> k_tens{"thirty",  "forty",  "fifty", "sixty",
                                                 "seventy", "eighty", "ninety"};
constexpr std::array<std::string_view, 5> k_including{"including", "includes", "such", "like",
                                                      "notably"};
// Words after a party that name its armed services: "the Indian Air Force".
constexpr std::array<std::string_view, 9> k_forces{"army",  "military", "navy",   "air",    "armed",
                                                   "coast", "troops",   "forces", "marines"};
constexpr std::array<std::string_view, 6> k_reporting{"says",      "said",   "say",
                                                      "according", "claims", "claimed"};

// Words after which "to X" is a destination, not a recipient ("a visit to Russia").
constexpr std::array<std::string_view, 8> k_travel{"visit", "visits", "trip",   "trips",
                                                   "tour",  "travel", "flight", "journey"};

constexpr std::array<std::string_view, 12> k_opposition{
    "objections", "objection", "opposition", "criticism", "protests", "pressure",
    "warnings",   "threats",   "request",    "requests",  "calls",    "threat"};
// Supply words that need named equipment to be a transfer ("committing Britain to consult").
constexpr std::array<std::string_view, 19> k_need_equipment{
    "pledge",  "pledges", "pledged",   "pledging",   "promise", "promises", "promised",
    "commit",  "commits", "committed", "committing", "offer",   "offers",   "offered",
    "package", "gets",    "grant",     "grants",     "granted"};

// Supply words said of the equipment, whose place names the recipient ("landed in Nigeria").
constexpr std::array<std::string_view, 9> k_arrival{
    "arrive", "arrives", "arrived", "arriving", "landed", "reach", "reaches", "reached", "touched"};
// Verbs whose object is not the subject of what follows ("told Washington it would buy").
constexpr std::array<std::string_view, 15> k_object_verbs{
    "told",    "tells",   "tell",       "telling",    "informed",
    "informs", "assured", "assures",    "notified",   "reassured",
    "repay",   "names",   "designates", "designated", "designating"};
// Words after equipment that name its maker next ("Typhoons built by BAE Systems").
constexpr std::array<std::string_view, 7> k_made{"made",     "built",    "manufactured", "produced",
                                                 "supplied", "designed", "developed"};
// Nouns that "export" qualifies without naming a transfer ("export customer").
constexpr std::array<std::string_view, 10> k_export_nouns{
    "customer", "customers", "market",  "markets", "version",
    "variant",  "variants",  "success", "model",   "record"};
// Verbs of using equipment: "the drones that Russia has been launching" names its user.
constexpr std::array<std::string_view, 6> k_use_prefixes{"launch", "fir",    "using",
                                                         "uses",   "operat", "deploy"};
// Supply words that are nouns: a party right before one is its buyer ("Taiwan package").
constexpr std::array<std::string_view, 8> k_transfer_nouns{
    "sale", "sales", "package", "packages", "shipment", "shipments", "consignment", "donation"};

}  // namespace

const VerbInfo* verb_of(std::string_view word) {
  for (const auto& verb : k_verbs) {
    if (verb.word == word) return &verb;
  }
  return nullptr;
}

TransferStatus cue_of(std::string_view word) {
  for (const auto& cue : k_cues) {
    if (cue.word == word) return cue.status;
  }
  return S::none;
}

std::optional<std::int64_t> number_of(std::string_view word) {
  for (std::size_t i = 0; i < k_number_words.size(); ++i) {
    if (k_number_words[i] == word) return static_cast<std::int64_t>(i + 1);
  }
  for (std::size_t i = 0; i < k_tens.size(); ++i) {
    if (k_tens[i] == word) return static_cast<std::int64_t>(30 + 10 * i);
  }
  if (word == "dozen") return 12;
  std::string digits;
  for (const char c : word) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != ',') {
      return std::nullopt;
    }
  }
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  std::int64_t value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

bool is_word(WordClass word_class, std::string_view word) {
  switch (word_class) {
    case WordClass::to_words: return among(word, k_to_words);
    case WordClass::prepositions: return among(word, k_prepositions);
    case WordClass::fillers: return among(word, k_fillers);
    case WordClass::heads: return among(word, k_heads);
    case WordClass::units: return among(word, k_units);
    case WordClass::number_words: return among(word, k_number_words);
    case WordClass::including: return among(word, k_including);
    case WordClass::forces: return among(word, k_forces);
    case WordClass::reporting: return among(word, k_reporting);
    case WordClass::travel: return among(word, k_travel);
    case WordClass::opposition: return among(word, k_opposition);
    case WordClass::need_equipment: return among(word, k_need_equipment);
    case WordClass::arrival: return among(word, k_arrival);
    case WordClass::transfer_nouns: return among(word, k_transfer_nouns);
    case WordClass::object_verbs: return among(word, k_object_verbs);
    case WordClass::made: return among(word, k_made);
    case WordClass::export_nouns: return among(word, k_export_nouns);
    case WordClass::use:
      return std::any_of(k_use_prefixes.begin(), k_use_prefixes.end(),
                         [&](std::string_view p) { return word.starts_with(p); });
  }
  return false;
}

}  // namespace newsmon::rules::detail

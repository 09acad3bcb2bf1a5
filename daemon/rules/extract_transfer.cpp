// Reading one sentence for arms transfers: each transfer word with the parties the
// grammar gives it — the subject of "sends" supplies, the subject of "buys" receives,
// "to X" and "for X" receive, "from X" and "Russian S-400" supply — and equipment with
// "to X" and no transfer word ("shells for Ukraine").

#include <algorithm>
#include <utility>

#include "daemon/rules/extract_clauses.h"
#include "daemon/rules/extract_roles.h"
#include "daemon/rules/extract_sentence.h"

namespace newsmon::rules::detail {
namespace {

struct Sides {
  PartyList suppliers;
  PartyList recipients;
};

bool contains(const PartyList& parties, PartyId party) {
  return std::find(parties.begin(), parties.end(), party) != parties.end();
}

class TransferReader {
 public:
  explicit TransferReader(const Sentence& sentence)
      : m_s(sentence), m_roles(sentence), m_clauses(sentence, m_roles) {}

  void named_parties(SentenceParties& out) const {
    for (const Mention& found : m_s.mentions()) {
      const bool origin = found.maker || m_roles.is_origin(found);
      (origin ? out.makers : out.named).push_back(found.party);
    }
    for (const Span& span : m_s.spans()) {
      if (span.origin) out.makers.push_back(*span.origin);
    }
    out.domestic.insert(out.domestic.end(), m_domestic.begin(), m_domestic.end());
  }

  std::vector<Candidate> run() {
    std::vector<std::uint32_t> verbs;
    for (std::uint32_t i = 0; i < m_s.size(); ++i) {
      if (const VerbInfo* verb = m_roles.verb_at(i); verb && verb->role != Role::approve) {
        verbs.push_back(i);
      }
    }
    for (const std::uint32_t v : verbs) {
      // Weak words ("deal", "signed") stand for the transfer only when nothing stronger
      // near them does.
      if (m_roles.verb_at(v)->role == Role::contract && strong_near(verbs, v)) continue;
      if (m_clauses.background(v) || m_clauses.sends_goods(v) || m_clauses.signs_no_purchase(v)) {
        // Its equipment is not read alone either ("rocket delivers satellites for X").
        const auto spans = spans_for(v, m_roles.verb_at(v)->role == Role::arrive);
        m_used.insert(m_used.end(), spans.begin(), spans.end());
        continue;
      }
      read_verb(v);
    }
    read_verbless();
    return std::move(m_out);
  }

 private:
  // A supply word that only qualifies the deal ("export contract") is not stronger.
  bool strong_near(const std::vector<std::uint32_t>& verbs, std::uint32_t w) const {
    return std::any_of(verbs.begin(), verbs.end(), [&](std::uint32_t v) {
      const VerbInfo* next = m_roles.verb_at(v + 1);
      const bool qualifies = next && next->role == Role::contract;
      return m_roles.verb_at(v)->role != Role::contract && !qualifies && v + 12 >= w && v <= w + 12;
    });
  }

  bool group(MentionId id) const {
    return m_s.vocabulary().party(m_s.mention(id).party).kind == PartyKind::group;
  }

  PartyList parties_of(std::optional<MentionId> id) const {
    return id ? m_roles.coordinated(*id) : PartyList{};
  }

  void read_verb(std::uint32_t v) {
    const VerbInfo& verb = *m_roles.verb_at(v);
    // What arrives is named before the word ("six Rafales landed"), never after it.
    const auto spans = spans_for(v, verb.role == Role::arrive);
    auto subject = m_roles.infinitive_subject(v);
    if (!subject) subject = m_roles.with_subject(v);
    if (!subject) subject = m_roles.subject_before(v);
    // "MiG-29s gifted by Minsk", "jets bought by Poland": the agent of a passive.
    if (const auto agent = m_roles.passive_agent(v)) subject = agent;
    // "the largest defence export in Australia's history": the record is the party's own.
    if (const auto owner = m_roles.record_owner(v)) subject = owner;
    Sides sides = verb.acquire()               ? acquire_sides(v, subject)
                  : verb.role == Role::produce ? produce_sides(v, subject)
                                               : supply_sides(v, verb, subject);
    if (m_s.is(WordClass::embargo, v)) sides.recipients = embargo_target(v);
    if (!verb.acquire()) {
      urged_sides(v, subject, sides);
      if (sides.recipients.empty()) requester_sides(v, sides);
    }
    if (sides.recipients.empty())
      sides.recipients = parties_of(m_roles.forces_mention(sides.suppliers));
    Cue status = m_clauses.status_for(v, verb.status);
    if (m_s.is(WordClass::embargo, v))
      status = m_clauses.lifting_before(v) ? Cue::approved : Cue::refused;
    m_used.insert(m_used.end(), spans.begin(), spans.end());
    emit(spans, sides, status, verb.acquire(), v);
  }

  // "Poland buys K2 tanks from South Korea": the subject receives, "from X" supplies, or
  // the maker named after the word ("chose the German company's Boxer", not a rival
  // "over" which it was chosen).
  Sides acquire_sides(std::uint32_t v, std::optional<MentionId> subject) const {
    Sides sides;
    sides.recipients = parties_of(subject);
    auto from = m_roles.supplier_from(v + 1, v + 16);
    if (!from) from = m_roles.supplier_from(words_back(v, 20), v);
    for (std::uint32_t i = v + 1; !from && i < m_s.size() && i < v + 8; ++i) {
      if (m_s.is(WordClass::rivalry, i)) break;
      if (const auto id = m_s.mention_at(i); id && m_s.mention(*id).maker) from = id;
    }
    sides.suppliers = parties_of(from);
    return sides;
  }

  // "co-produce AMRAAM missiles in Japan": the maker supplies the state where they are
  // built, or the partner that agrees to it; a maker that will build them "for Norway"
  // supplies that state.
  Sides produce_sides(std::uint32_t v, std::optional<MentionId> subject) const {
    std::optional<MentionId> to;
    for (std::uint32_t i = v + 1; i < m_s.size() && i < v + 14 && !to; ++i) {
      if (m_s.is(WordClass::places, i)) to = m_roles.mention_after_cue(i);
    }
    Sides sides;
    const auto maker = subject && m_s.mention(*subject).maker ? subject : m_roles.maker_before(v);
    if (!to && maker && (!subject || subject == maker)) {
      if (const auto buyer = m_roles.recipient_after(v + 1)) {
        sides.suppliers = parties_of(maker);
        sides.recipients = parties_of(buyer);
        return sides;
      }
    }
    sides.recipients = parties_of(to ? to : subject);
    return sides;
  }

  // The supplier of a supply word: its subject; the seller before a buyer named right
  // before a transfer noun ("US approves Taiwan arms sale"); or, with no subject, a
  // defence company before it ("Baykar signs an export contract").
  std::optional<MentionId> supplier_of(std::uint32_t v, bool carrier,
                                       std::optional<MentionId> subject,
                                       std::optional<MentionId>& buyer) const {
    if (subject && m_clauses.buyer_before_noun(*subject, v) && !m_roles.recipient_after(v + 1)) {
      if (auto seller = m_roles.subject_before(m_s.mention(*subject).begin)) {
        buyer = subject;
        return seller;
      }
    }
    if (carrier) return std::nullopt;
    return subject ? subject : m_roles.maker_before(v);
  }

  // The recipient of a supply word, in the order the grammar prefers.
  std::optional<MentionId> recipient_of(std::uint32_t v, bool arrival, bool has_supplier) const {
    const auto next = m_s.mention_at(v + 1);
    std::optional<MentionId> to;
    // "landed in Nigeria": where a delivery arrives receives it.
    if (arrival) to = m_roles.place_after(v);
    // "send Ukraine shells", "supply Ukraine with", "arming Syrian Kurdish fighters",
    // "supplying the Taliban" (an article before a group, not before a state's
    // government: "gave the Dutch government seven days")
    auto object = m_roles.mention_after_cue(v);
    if (object && object != next && !group(*object)) object.reset();
    if (!to && object && m_roles.receiver(*object)) to = object;
    if (!to) to = m_roles.recipient_after(v + 1);
    if (!to) to = m_roles.recipient_after(words_back(v, 6));
    // "supplied the drones that Russia has been launching": the user receives.
    if (!to) to = m_roles.user_after(v);
    if (!to) to = m_roles.possessive_after(v);
    // "an export contract for drones with Saudi Arabia"
    if (!to && has_supplier) to = m_roles.counterpart_after(v);
    // "offers Manila coastal radars": with no other recipient, the party right after the
    // word receives even when equipment follows it.
    if (!to && next && !m_s.mention(*next).maker) to = next;
    return to;
  }

  // "the pact commits Norway to keep up military support": the party committed supplies,
  // unless it is committed to buying.
  std::optional<MentionId> committed(std::uint32_t v) const {
    if (!m_s.is(WordClass::commit, v)) return std::nullopt;
    const auto id = m_roles.mention_after_cue(v);
    if (!id || !m_roles.receiver(*id)) return std::nullopt;
    const std::uint32_t end = m_s.mention(*id).end;
    const VerbInfo* then = m_roles.verb_at(end + 1);
    if (m_s.word(end) != "to" || (then && then->acquire())) return std::nullopt;
    return id;
  }

  // "fought alongside the M23 rebels and supplied them with weapons": "them" is the party
  // named last before the word, and the one named before it supplies.
  std::optional<Sides> pronoun_sides(std::uint32_t v, std::optional<MentionId> subject) const {
    const bool object = m_s.word(v + 2) == "with" || m_s.span_at(v + 2);
    if (!subject || m_s.word(v + 1) != "them" || !object) return std::nullopt;
    const auto recipients = m_roles.coordinated(*subject);
    const auto supplier = m_roles.subject_before(m_s.mention(*subject).begin, recipients);
    if (!supplier) return std::nullopt;
    return Sides{m_roles.coordinated(*supplier), recipients};
  }

  Sides supply_sides(std::uint32_t v, const VerbInfo& verb,
                     std::optional<MentionId> subject) const {
    if (const auto bound = committed(v)) {
      return Sides{m_roles.coordinated(*bound),
                   parties_of(m_roles.recipient_after(m_s.mention(*bound).end + 1))};
    }
    if (auto sides = pronoun_sides(v, subject)) return std::move(*sides);
    const bool arrival = verb.role == Role::arrive;
    const bool carrier = arrival || verb.role == Role::carry;  // its subject does not supply
    std::optional<MentionId> buyer;
    Sides sides;
    sides.suppliers = parties_of(supplier_of(v, carrier, subject, buyer));
    auto to = buyer ? buyer : recipient_of(v, arrival, !sides.suppliers.empty());
    const bool withholding = m_clauses.cue_before(v, Cue::refused) || verb.status == Cue::refused;
    if (!to && withholding) to = m_roles.supplier_from(v + 1, v + 16);
    // "aircraft bought from the United States landed in Kenya"
    if (carrier && sides.suppliers.empty()) {
      sides.suppliers = parties_of(m_roles.supplier_from(words_back(v, 20), v));
    }
    sides.recipients = parties_of(to);
    if (sides.suppliers.empty() && !withholding) {
      sides.suppliers = parties_of(m_roles.supplier_from(v + 1, v + 16));
    }
    return sides;
  }

  // "an embargo on X", "against X": the target receives (nothing).
  PartyList embargo_target(std::uint32_t v) const {
    for (std::uint32_t i = v + 1; i < m_s.size() && i < v + 4; ++i) {
      if (m_s.word(i) == "on" || m_s.word(i) == "against") {
        return parties_of(m_roles.mention_after_cue(i));
      }
    }
    return {};
  }

  // "Israel's leader urged it to speed up deliveries": a subject before an urging word
  // with an object asks, so it receives; the party urged, when named, supplies.
  void urged_sides(std::uint32_t v, std::optional<MentionId> subject, Sides& sides) const {
    if (!subject || !sides.recipients.empty()) return;
    const auto urging = m_clauses.urging_between(m_s.mention(*subject).end, v);
    if (!urging) return;
    sides.recipients = m_roles.coordinated(*subject);
    sides.suppliers.clear();
    const auto urged = m_s.mention_at(*urging + 1);
    if (urged && !m_s.mention(*urged).maker) sides.suppliers = m_roles.coordinated(*urged);
  }

  // "Kyiv urged Berlin to send missiles": who asks is who would receive; "Britain has
  // sought to sell": a supplier seeking a sale is not asking for arms.
  void requester_sides(std::uint32_t v, Sides& sides) const {
    const auto asked = m_clauses.request_before(v);
    if (!asked) return;
    sides.recipients = parties_of(m_roles.subject_before(*asked, sides.suppliers));
  }

  std::vector<SpanId> spans_for(std::uint32_t v, bool before_only) const;
  bool read_request(SpanId s);
  void read_refusal(SpanId s);
  void read_verbless();
  PartyList origin_of(const Span& span, bool maker_sells) const;
  bool reported_by_other(std::uint32_t v, const Candidate& candidate) const;
  void add(Candidate candidate, std::uint32_t v, const Span* span);
  void emit(const std::vector<SpanId>& spans, const Sides& sides, Cue status, bool acquire,
            std::uint32_t v);

  const Sentence& m_s;
  SentenceRoles m_roles;
  TransferClauses m_clauses;
  std::vector<SpanId> m_used;
  std::vector<Candidate> m_out;
  PartyList m_domestic;  ///< states read buying or building what they make themselves
};

// The equipment of the transfer word at `v`: named after it up to the next transfer
// word, else named just before it.
std::vector<SpanId> TransferReader::spans_for(std::uint32_t v, bool before_only) const {
  std::vector<SpanId> found;
  const auto& spans = m_s.spans();
  for (std::size_t s = 0; s < spans.size() && !before_only; ++s) {
    if (spans[s].begin <= v || spans[s].begin > v + 12) continue;
    bool crossed = false;
    for (std::uint32_t i = v + 1; i < spans[s].begin; ++i) {
      const VerbInfo* verb = m_roles.verb_at(i);
      if (verb && verb->role != Role::approve && verb->role != Role::contract) crossed = true;
    }
    if (!crossed) found.push_back(id_at<SpanTag>(s));
  }
  if (!found.empty()) return found;
  for (std::size_t s = 0; s < spans.size(); ++s) {
    if (spans[s].end <= v + 1 && spans[s].end + 6 >= v) found.push_back(id_at<SpanTag>(s));
  }
  return found;
}

// "Kyiv asks Seoul for artillery shells": the asker receives, the asked supplies; "Poland
// asks for more Patriot batteries": a named system's maker would supply it.
bool TransferReader::read_request(SpanId s) {
  const Span& span = m_s.span(s);
  const auto cue = m_clauses.request_before(span.begin);
  if (!cue) return false;
  const auto requester = m_roles.subject_before(*cue);
  if (!requester) return false;
  std::optional<MentionId> asked;
  for (std::uint32_t i = *cue + 1; i < span.begin && !asked; ++i) {
    if (const auto id = m_s.mention_at(i); id && !m_s.mention(*id).maker) asked = id;
  }
  Sides sides{origin_of(span, true), m_roles.coordinated(*requester)};
  if (asked) sides.suppliers = m_roles.coordinated(*asked);
  emit({s}, sides, Cue::requested, false, span.begin);
  return true;
}

// "Washington freezes $20m in military aid": equipment its subject refuses, with no
// transfer word and no recipient named (the story may name one).
void TransferReader::read_refusal(SpanId s) {
  const Span& span = m_s.span(s);
  if (m_clauses.status_for(span.begin, Cue::pledged) != Cue::refused) return;
  const auto supplier = m_roles.subject_before(span.begin);
  if (!supplier) return;
  Sides sides;
  sides.suppliers = parties_of(supplier);
  emit({s}, sides, Cue::refused, false, span.begin);
}

// Equipment with "to X" or "for X" and no transfer word: "shells for Ukraine".
void TransferReader::read_verbless() {
  for (std::size_t index = 0; index < m_s.spans().size(); ++index) {
    const SpanId s = id_at<SpanTag>(index);
    const Span& span = m_s.span(s);
    if (std::find(m_used.begin(), m_used.end(), s) != m_used.end() ||
        m_clauses.background(span.begin) || read_request(s)) {
      continue;
    }
    auto to = m_roles.recipient_after(span.end);
    if (to && m_s.mention(*to).begin > span.end + 4 &&
        !m_roles.destined(span.end, m_s.mention(*to).begin)) {
      to.reset();
    }
    // "£500m for Ukraine, including boats and 400 vehicles"
    if (!to) to = m_roles.recipient_before_list(span.begin);
    // "financing to modernise the Philippine armed forces"
    if (!to) to = m_roles.forces_mention();
    if (!to) {
      read_refusal(s);
      continue;
    }
    Sides sides;
    sides.recipients = m_roles.coordinated(*to);
    // "Iranian missile parts bound for the Houthis": the maker named before the
    // equipment sends it; otherwise the sentence's subject does.
    sides.suppliers = origin_of(span, false);
    if (std::any_of(sides.suppliers.begin(), sides.suppliers.end(),
                    [&](PartyId p) { return contains(sides.recipients, p); })) {
      sides.suppliers.clear();
    }
    if (sides.suppliers.empty()) {
      sides.suppliers = parties_of(m_roles.subject_before(span.begin, sides.recipients));
    }
    const std::uint32_t until = std::max(m_s.mention(*to).begin, span.end);
    emit({s}, sides, m_clauses.status_for(until, Cue::pledged, until - span.begin + 7), false,
         span.begin);
  }
}

// Who makes the equipment: "Russian S-400", "US F-15 jets", "Typhoons built by BAE
// Systems", or, when `maker_sells`, a named system's maker.
PartyList TransferReader::origin_of(const Span& span, bool maker_sells) const {
  for (std::uint32_t i = span.begin; i > 0 && i + 6 > span.begin;) {
    --i;
    const auto id = m_s.mention_at(i);
    if (!id) continue;
    // "Iranian-made ballistic and cruise missiles" reaches further than "Russian S-400".
    const bool made = m_s.is(WordClass::made, m_s.mention(*id).end - 1);
    if (m_roles.is_origin(*id) && (made || i + 3 > span.begin)) return m_roles.coordinated(*id);
    break;
  }
  if (span.end + 1 < m_s.size() && m_s.is(WordClass::made, span.end) &&
      m_s.word(span.end + 1) == "by") {
    if (const auto maker = m_roles.mention_after_cue(span.end + 1)) {
      return m_roles.coordinated(*maker);
    }
  }
  if (maker_sells && span.origin) return {*span.origin};
  return {};
}

// Someone other than the parties says it happened: "White House says X supplied Y".
bool TransferReader::reported_by_other(std::uint32_t v, const Candidate& candidate) const {
  if (candidate.suppliers.empty()) return false;
  for (std::uint32_t i = 0; i < v; ++i) {
    if (!m_s.is(WordClass::reporting, i)) continue;
    for (std::uint32_t k = 0; k < i; ++k) {
      const auto id = m_s.mention_at(k);
      if (!id) continue;
      const PartyId party = m_s.mention(*id).party;
      if (!contains(candidate.suppliers, party) && !contains(candidate.recipients, party)) {
        return true;
      }
    }
  }
  return false;
}

void TransferReader::add(Candidate candidate, std::uint32_t v, const Span* span) {
  auto& suppliers = candidate.suppliers;
  auto& recipients = candidate.recipients;
  // "India and Russia sign a deal for AK-203 rifles": of two parties named together, the
  // maker of the equipment sells to the other.
  if (!suppliers.empty() && recipients.size() > suppliers.size() &&
      std::all_of(suppliers.begin(), suppliers.end(),
                  [&](PartyId p) { return contains(recipients, p); })) {
    erase_parties_if(recipients, [&](PartyId p) { return contains(suppliers, p); });
  }
  if (span) {
    candidate.system = std::string(m_s.text_of(span->begin, span->end));
    candidate.quantity = span->quantity;
  }
  // The same state on both sides is a domestic purchase, not a transfer.
  const auto named = suppliers.size();
  erase_parties_if(suppliers, [&](PartyId p) { return contains(recipients, p); });
  if (named > 0 && suppliers.empty()) {
    m_domestic.insert(m_domestic.end(), recipients.begin(), recipients.end());
    return;
  }
  if (candidate.status == Cue::speculation) {
    if (reported_by_other(v, candidate)) candidate.status = Cue::alleged;
  } else if (reported_by_other(v, candidate) && candidate.status <= Cue::delivered) {
    candidate.status = Cue::alleged;
  }
  // With no party, only a count of named equipment is kept (for merging).
  if (suppliers.empty() && recipients.empty() && !(candidate.quantity && span && span->origin)) {
    return;
  }
  m_out.push_back(std::move(candidate));
}

void TransferReader::emit(const std::vector<SpanId>& spans, const Sides& sides, Cue status,
                          bool acquire, std::uint32_t v) {
  if (spans.empty()) {
    // One party is kept too: the story may name the other ("Britain has sought to sell").
    if ((!sides.suppliers.empty() || !sides.recipients.empty()) &&
        !m_s.is(WordClass::need_equipment, v)) {
      add(Candidate{sides.suppliers, sides.recipients, {}, std::nullopt, status}, v, nullptr);
    }
    return;
  }
  const VerbInfo* verb = m_roles.verb_at(v);
  const bool noun = m_s.is(WordClass::transfer_nouns, v);
  // "a sale of four MQ-9B drones to Morocco": a sale with no seller is the maker's; so is
  // what arrives with no sender named ("S-300 reaches Iran") and what is built abroad.
  const bool sale = noun && verb && verb->status == Cue::ordered;
  const bool abroad = verb && (verb->role == Role::arrive || verb->role == Role::produce);
  const bool maker_sells = acquire || abroad || (noun && (sides.recipients.empty() || sale));
  for (const SpanId s : spans) {
    const Span& span = m_s.span(s);
    PartyList from = sides.suppliers;
    PartyList to = sides.recipients;
    // "Trump and Mohammed bin Salman clear F-35 sale": of parties named together with no
    // one receiving, the state that makes the equipment sells to the others.
    if (to.empty() && from.size() > 1 && span.origin && contains(from, *span.origin)) {
      const PartyId maker = *span.origin;
      erase_parties_if(from, [&](PartyId p) { return p == maker; });
      to = std::move(from);
      from = PartyList{maker};
    }
    if (from.empty()) {
      from = origin_of(span, maker_sells);
      // "The frigate, built by India's Mazagon Dock, joins the Indian Navy": built at home.
      if (from.size() == 1 && to.size() == 1 && from == to) {
        m_domestic.push_back(to.front());
        continue;
      }
    }
    add(Candidate{from, to, {}, std::nullopt, status}, v, &span);
  }
}

}  // namespace

std::vector<Candidate> read_transfers(const Sentence& sentence, SentenceParties* parties) {
  if (sentence.size() == 0) return {};
  TransferReader reader(sentence);
  auto candidates = reader.run();
  if (parties) reader.named_parties(*parties);
  return candidates;
}

}  // namespace newsmon::rules::detail

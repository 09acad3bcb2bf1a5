#include "daemon/rules/extract_sentence.h"

#include "daemon/rules/extract_roles.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace newsmon::rules::detail {
namespace {

using S = TransferStatus;

class SentenceReader : public SentenceRoles {
 public:
  using SentenceRoles::SentenceRoles;

  void named_parties(SentenceParties& out) const {
    for (const Mention& found : m_mentions) {
      if (!found.maker && !is_origin(found)) out.named.push_back(found.party);
      if (found.maker || is_origin(found)) out.makers.push_back(found.party);
    }
    for (const Span& span : m_spans) {
      if (span.origin != k_no_party) out.makers.push_back(span.origin);
    }
  }

  std::vector<Candidate> run() {
    std::vector<Candidate> out;
    std::vector<std::uint32_t> verbs;
    for (std::uint32_t i = 0; i < size(); ++i) {
      if (const VerbInfo* verb = verb_at(i); verb && verb->role != Role::modifier)
        verbs.push_back(i);
    }
    // Weak words ("deal", "signed") stand for the transfer only when nothing stronger near
    // them does.
    // A supply word that only qualifies the deal ("export contract") is not stronger.
    const auto strong_near = [&](std::uint32_t w) {
      return std::any_of(verbs.begin(), verbs.end(), [&](std::uint32_t v) {
        const VerbInfo* next = verb_at(v + 1);
        const bool qualifies = next && next->role == Role::weak_acquire;
        return verb_at(v)->role != Role::weak_acquire && !qualifies && v + 12 >= w && v <= w + 12;
      });
    };
    std::vector<std::uint32_t> used_spans;
    for (const std::uint32_t v : verbs) {
      if (verb_at(v)->role == Role::weak_acquire && strong_near(v)) continue;
      read_verb(v, out, used_spans);
    }
    read_verbless(out, used_spans);
    return out;
  }

 private:
  // The status the words before `v` give a transfer word whose own status is `base`;
  // `reach` is how many words back they may be.
  TransferStatus status_for(std::uint32_t v, TransferStatus base, std::uint32_t reach = 7) const {
    TransferStatus status = base;
    v = std::min(v, size());  // `v` may be the end of a span at the end of the sentence
    const std::uint32_t start = v > reach ? v - reach : 0;
    bool future = false;
    std::uint32_t first = start;
    // The gaps between the words before `v`: a comma there ends the words that count.
    for (std::uint32_t i = v == size() && v > 0 ? v - 1 : v; i > start; --i) {
      const std::string_view gap =
          m_text.substr(m_tokens[i - 1].end, m_tokens[i].start - m_tokens[i - 1].end);
      if (gap.find(',') != std::string_view::npos) {
        first = i;
        break;
      }
    }
    for (std::uint32_t i = first; i < v; ++i) {
      TransferStatus cue = cue_of(word(i));
      if ((word(i) == "out" && (i == 0 || word(i - 1).substr(0, 3) != "rul")) ||
          (word(i) == "down" && (i == 0 || word(i - 1).substr(0, 3) != "tur"))) {
        cue = S::none;
      }
      // "the air force's planes", "a joint force": a noun, not "force X to send".
      if (word(i) == "force" && (i + 1 >= size() || m_mention_at[i + 1] < 0)) cue = S::none;
      if (cue == S::pledged && i + 3 >= v) future = true;
      if (cue > status && cue != S::pledged) status = cue;
    }
    if (future && status == S::delivered) status = S::pledged;
    if (status == S::none) status = S::pledged;
    return status;
  }

  // Someone other than the parties says it happened: "White House says X supplied Y".
  bool reported_by_other(std::uint32_t v, const Candidate& candidate) const {
    for (std::uint32_t i = 0; i < v; ++i) {
      if (!is_word(WordClass::reporting, word(i))) continue;
      for (std::uint32_t k = 0; k < i; ++k) {
        const int index = m_mention_at[k];
        if (index < 0) continue;
        const auto party = m_mentions[static_cast<std::size_t>(index)].party;
        const auto mine = [&](const std::vector<std::uint16_t>& list) {
          return std::find(list.begin(), list.end(), party) != list.end();
        };
        if (!mine(candidate.suppliers) && !mine(candidate.recipients) &&
            !candidate.suppliers.empty()) {
          return true;
        }
      }
    }
    return false;
  }

  std::string span_text(const Span& span) const {
    const auto start = m_tokens[span.begin].start;
    const auto end = m_tokens[span.end - 1].end;
    return std::string(m_text.substr(start, end - start));
  }

  std::vector<std::uint32_t> spans_for(std::uint32_t v, bool before_only = false) const {
    std::vector<std::uint32_t> found;
    for (std::uint32_t s = 0; s < m_spans.size() && !before_only; ++s) {
      const Span& span = m_spans[s];
      if (span.begin > v && span.begin <= v + 12) {
        // Stop at the next transfer word: its equipment is its own.
        bool crossed = false;
        for (std::uint32_t i = v + 1; i < span.begin; ++i) {
          const VerbInfo* verb = verb_at(i);
          if (verb && verb->role != Role::modifier && verb->role != Role::weak_acquire)
            crossed = true;
        }
        if (!crossed) found.push_back(s);
      }
    }
    if (!found.empty()) return found;
    for (std::uint32_t s = 0; s < m_spans.size(); ++s) {
      if (m_spans[s].end <= v + 1 && m_spans[s].end + 6 >= v) found.push_back(s);
    }
    return found;
  }

  void read_verb(std::uint32_t v, std::vector<Candidate>& out, std::vector<std::uint32_t>& used) {
    const VerbInfo& verb = *verb_at(v);
    // What arrives is named before the word ("six Rafales landed"), never after it.
    const auto spans = spans_for(v, is_word(WordClass::arrival, word(v)));
    const bool acquire = verb.role != Role::supply;
    std::vector<std::uint16_t> suppliers;
    std::vector<std::uint16_t> recipients;
    const int subject = subject_before(v);
    if (acquire) {
      if (subject >= 0) recipients = coordinated(subject);
      int from = supplier_from(v + 1, v + 16);
      if (from < 0) from = supplier_from(v > 20 ? v - 20 : 0, v);
      // "Canberra chose the German company's Boxer": a maker named in the sentence sells.
      for (std::uint32_t i = v + 1; from < 0 && i < size() && i < v + 8; ++i) {
        if (word(i) == "over" || word(i) == "than" || word(i) == "beating") break;
        if (m_mention_at[i] >= 0 && mention(m_mention_at[i]).maker) from = m_mention_at[i];
      }
      if (from >= 0) suppliers = coordinated(from);
    } else if (verb.word == "co-produce") {
      // "co-produce AMRAAM missiles in Japan": the maker supplies the state where they are
      // built, or the partner that agrees to it.
      int to = -1;
      for (std::uint32_t i = v + 1; i < size() && i < v + 14 && to < 0; ++i) {
        if (word(i) == "in") to = mention_after_cue(i);
      }
      if (to < 0) to = subject;
      if (to >= 0) recipients = coordinated(to);
    } else {
      const bool arrival = is_word(WordClass::arrival, word(v));
      int to = -1;
      // "US approves Taiwan arms sale": the party named right before the noun is the buyer,
      // the subject before it the seller.
      const int seller = subject >= 0 && buyer_before_noun(subject, v) && recipient_after(v + 1) < 0
                             ? subject_before(mention(subject).begin)
                             : -1;
      if (seller >= 0) {
        to = subject;
        suppliers = coordinated(seller);
      } else if (subject >= 0 && !arrival) {
        suppliers = coordinated(subject);
      } else if (subject < 0 && !arrival) {
        // "Baykar signs an export contract": the company's state sells.
        const int maker = maker_before(v);
        if (maker >= 0) suppliers = coordinated(maker);
      }
      // "landed in Nigeria": where a delivery arrives receives it.
      if (to < 0 && arrival) to = place_after(v);
      // "send Ukraine shells", "supply Ukraine with", "arming Syrian Kurdish fighters"
      if (to < 0 && v + 1 < size() && m_mention_at[v + 1] >= 0 &&
          !mention(m_mention_at[v + 1]).maker && !is_origin(mention(m_mention_at[v + 1]))) {
        to = m_mention_at[v + 1];
      }
      if (to < 0) to = recipient_after(v + 1);
      if (to < 0) to = recipient_after(v > 6 ? v - 6 : 0);
      // "supplied the drones that Russia has been launching": the user receives.
      if (to < 0) to = user_after(v);
      if (to < 0) to = possessive_after(v);
      // "an export contract for drones with Saudi Arabia"
      if (to < 0 && !suppliers.empty()) to = counterpart_after(v);
      // "offers Manila coastal radars": with no other recipient, the party right after the
      // word receives even when equipment follows it.
      if (to < 0 && v + 1 < size() && m_mention_at[v + 1] >= 0 &&
          !mention(m_mention_at[v + 1]).maker) {
        to = m_mention_at[v + 1];
      }
      const bool withholding = cue_before(v, S::refused) || verb.status == S::refused;
      if (to < 0 && withholding) to = supplier_from(v + 1, v + 16);
      // "aircraft bought from the United States landed in Kenya"
      if (arrival && suppliers.empty()) {
        const int from = supplier_from(v > 20 ? v - 20 : 0, v);
        if (from >= 0) suppliers = coordinated(from);
      }
      if (to >= 0) recipients = coordinated(to);
      if (suppliers.empty() && !withholding) {
        const int from = supplier_from(v + 1, v + 16);
        if (from >= 0) suppliers = coordinated(from);
      }
    }
    if (is_embargo(v)) {
      recipients.clear();
      for (std::uint32_t i = v + 1; i < size() && i < v + 4; ++i) {
        if (word(i) == "on" || word(i) == "against") {
          const int target = mention_after_cue(i);
          if (target >= 0) recipients = coordinated(target);
          break;
        }
      }
    }
    // "Israel's leader urged it to speed up deliveries": a subject before an urging word
    // with an object asks, so it receives; the party urged, when named, supplies.
    const int urging = acquire || subject < 0 ? -1 : urging_between(mention(subject).end, v);
    if (recipients.empty() && urging >= 0) {
      recipients = coordinated(subject);
      suppliers.clear();
      const int urged = m_mention_at[static_cast<std::uint32_t>(urging) + 1];
      if (urged >= 0 && !mention(urged).maker) suppliers = coordinated(urged);
    }
    if (recipients.empty() && !acquire) {
      // "Kyiv urged Berlin to send missiles": who asks is who would receive.
      const int asked = request_before(v);
      if (asked >= 0) {
        // "Britain has sought to sell": a supplier seeking a sale is not asking for arms.
        const int requester = subject_before(static_cast<std::uint32_t>(asked), suppliers);
        if (requester >= 0) recipients = coordinated(requester);
      }
    }
    if (recipients.empty()) {
      const int forces = forces_mention(suppliers);
      if (forces >= 0) recipients = coordinated(forces);
    }
    TransferStatus status = status_for(v, verb.status);
    if (is_embargo(v)) status = lifting_before(v) ? S::approved : S::refused;
    for (const auto s : spans) used.push_back(s);
    emit(spans, suppliers, recipients, status, acquire, v, out);
  }

  // Whether the party mention stands right before a transfer noun as its buyer: "Taiwan
  // package", "Saudi arms sale" (only equipment and a few words between).
  bool buyer_before_noun(int index, std::uint32_t v) const {
    const Mention& buyer = mention(index);
    if (buyer.maker || !is_word(WordClass::transfer_nouns, word(v)) || buyer.end + 3 < v) {
      return false;
    }
    for (std::uint32_t i = buyer.end; i < v; ++i) {
      if (m_span_at[i] < 0 && !is_word(WordClass::fillers, word(i))) return false;
    }
    return true;
  }

  bool is_embargo(std::uint32_t v) const { return word(v) == "embargo" || word(v) == "embargoes"; }

  bool lifting_before(std::uint32_t v) const {
    for (std::uint32_t i = v > 6 ? v - 6 : 0; i < v; ++i) {
      const std::string_view w = word(i);
      if (w.starts_with("lift") || w.starts_with("ease") || w == "eased" || w == "longer" ||
          w == "end" || w == "ends" || w == "ended" || w.starts_with("scrap")) {
        return true;
      }
    }
    return false;
  }

  // The position of a request word ("urged") a few words before `v`, or -1.
  int request_before(std::uint32_t v) const {
    for (std::uint32_t i = v; i > 0 && i + 8 > v;) {
      --i;
      if (cue_of(word(i)) == S::requested && word(i) != "should") return static_cast<int>(i);
    }
    return -1;
  }

  // An urging word with an object ("urged it to", "asks Seoul to") in words [from, v), or -1.
  int urging_between(std::uint32_t from, std::uint32_t v) const {
    for (std::uint32_t i = from; i + 1 < v; ++i) {
      const std::string_view w = word(i);
      if (w != "urge" && w != "urges" && w != "urged" && w != "urging" && w != "ask" &&
          w != "asks" && w != "asked" && w != "pressed")
        continue;
      const std::string_view next = word(i + 1);
      if (next == "it" || next == "them" || m_mention_at[i + 1] >= 0) return static_cast<int>(i);
    }
    return -1;
  }

  bool cue_before(std::uint32_t v, TransferStatus wanted) const {
    for (std::uint32_t i = v > 5 ? v - 5 : 0; i < v; ++i) {
      if (cue_of(word(i)) == wanted) return true;
    }
    return false;
  }

  // "Kyiv asks Seoul for artillery shells": the asker receives, the asked supplies.
  bool read_request(std::uint32_t s, std::vector<Candidate>& out) const {
    const Span& span = m_spans[s];
    const int asked_at = request_before(span.begin);
    if (asked_at < 0) return false;
    const auto cue = static_cast<std::uint32_t>(asked_at);
    const int requester = subject_before(cue);
    int asked = -1;
    for (std::uint32_t i = cue + 1; i < span.begin; ++i) {
      if (m_mention_at[i] >= 0 && !m_mentions[static_cast<std::size_t>(m_mention_at[i])].maker) {
        asked = m_mention_at[i];
        break;
      }
    }
    if (requester < 0 || asked < 0) return false;
    emit({s}, coordinated(asked), coordinated(requester), S::requested, false, span.begin, out);
    return true;
  }

  // Equipment with "to X" or "for X" and no transfer word: "shells for Ukraine".
  void read_verbless(std::vector<Candidate>& out, const std::vector<std::uint32_t>& used) {
    for (std::uint32_t s = 0; s < m_spans.size(); ++s) {
      if (std::find(used.begin(), used.end(), s) != used.end()) continue;
      const Span& span = m_spans[s];
      if (read_request(s, out)) continue;
      int to = recipient_after(span.end);
      if (to >= 0 && m_mentions[static_cast<std::size_t>(to)].begin > span.end + 4 &&
          !destined(span.end, static_cast<std::uint32_t>(mention(to).begin))) {
        to = -1;
      }
      // "£500m for Ukraine, including boats and 400 vehicles"
      if (to < 0) to = recipient_before_list(span.begin);
      // "financing to modernise the Philippine armed forces"
      if (to < 0) to = forces_mention();
      if (to < 0) continue;
      const auto recipients = coordinated(to);
      // "Iranian missile parts bound for the Houthis": the maker named before the
      // equipment sends it; otherwise the sentence's subject does.
      std::vector<std::uint16_t> suppliers = origin_of(span, false);
      if (std::find_first_of(suppliers.begin(), suppliers.end(), recipients.begin(),
                             recipients.end()) != suppliers.end()) {
        suppliers.clear();
      }
      const int subject = subject_before(span.begin, recipients);
      if (suppliers.empty() && subject >= 0) suppliers = coordinated(subject);
      const std::uint32_t until =
          std::max(m_mentions[static_cast<std::size_t>(to)].begin, span.end);
      const TransferStatus status = status_for(until, S::pledged, until - span.begin + 7);
      emit({s}, suppliers, recipients, status, false, span.begin, out);
    }
  }

  void emit(const std::vector<std::uint32_t>& spans, std::vector<std::uint16_t> suppliers,
            const std::vector<std::uint16_t>& recipients, TransferStatus status, bool acquire,
            std::uint32_t v, std::vector<Candidate>& out) const {
    const auto add = [&](const std::vector<std::uint16_t>& from, const Span* span) {
      Candidate candidate;
      candidate.suppliers = from;
      candidate.recipients = recipients;
      // "India and Russia sign a deal for AK-203 rifles": of two parties named together,
      // the maker of the equipment sells to the other.
      if (!from.empty() && recipients.size() > from.size() &&
          std::all_of(from.begin(), from.end(), [&](std::uint16_t p) {
            return std::find(recipients.begin(), recipients.end(), p) != recipients.end();
          })) {
        std::erase_if(candidate.recipients, [&](std::uint16_t p) {
          return std::find(from.begin(), from.end(), p) != from.end();
        });
      }
      if (span) {
        candidate.system = span_text(*span);
        candidate.quantity = span->quantity;
      }
      // The same state on both sides is a domestic purchase, not a transfer.
      const auto named = candidate.suppliers.size();
      std::erase_if(candidate.suppliers, [&](std::uint16_t p) {
        return std::find(candidate.recipients.begin(), candidate.recipients.end(), p) !=
               candidate.recipients.end();
      });
      if (named > 0 && candidate.suppliers.empty()) return;
      candidate.status = status;
      if (status == S::speculation) {
        candidate.status = reported_by_other(v, candidate) ? S::alleged : S::speculation;
      } else if (reported_by_other(v, candidate) && status <= S::delivered) {
        candidate.status = S::alleged;
      }
      // With no party, only a count of named equipment is kept (for merging).
      if (candidate.suppliers.empty() && candidate.recipients.empty() &&
          !(candidate.quantity && span && span->origin != k_no_party)) {
        return;
      }
      out.push_back(std::move(candidate));
    };
    if (spans.empty()) {
      // One party is kept too: the story may name the other ("Britain has sought to sell").
      if ((!suppliers.empty() || !recipients.empty()) &&
          !is_word(WordClass::need_equipment, word(v))) {
        add(suppliers, nullptr);
      }
      return;
    }
    for (const auto s : spans) {
      const Span& span = m_spans[s];
      std::vector<std::uint16_t> from = suppliers;
      // "The proposed sale includes 50 F-35A": with no seller named, the maker sells.
      const bool noun = is_word(WordClass::transfer_nouns, word(v));
      if (from.empty()) {
        // "a sale of four MQ-9B drones to Morocco": a sale with no seller is the maker's.
        const bool sale = word(v) == "sale" || word(v) == "sales";
        // What arrives with no sender named comes from its maker ("S-300 reaches Iran").
        const bool arrival = is_word(WordClass::arrival, word(v));
        const VerbInfo* word_verb = verb_at(v);
        const bool made_there = word_verb && word_verb->word == "co-produce";
        from = origin_of(
            span, acquire || arrival || made_there || (noun && (recipients.empty() || sale)));
        std::erase_if(from, [&](std::uint16_t p) {
          return std::find(recipients.begin(), recipients.end(), p) != recipients.end() &&
                 recipients.size() == 1;
        });
      }
      add(from, &span);
    }
  }

  // Who makes the equipment: "Russian S-400", "US F-15 jets", or a named system's maker
  // when the story names only the buyer.
  std::vector<std::uint16_t> origin_of(const Span& span, bool acquire) const {
    for (std::uint32_t i = span.begin; i > 0 && i + 6 > span.begin;) {
      --i;
      if (m_mention_at[i] >= 0) {
        const Mention& mention = m_mentions[static_cast<std::size_t>(m_mention_at[i])];
        // "Iranian-made ballistic and cruise missiles" reaches further than "Russian S-400".
        const bool made = is_word(WordClass::made, word(mention.end - 1));
        if (is_origin(mention) && (made || i + 3 > span.begin)) return coordinated(m_mention_at[i]);
        break;
      }
    }
    // "20 Eurofighter Typhoons built by BAE Systems"
    if (span.end + 1 < size() && is_word(WordClass::made, word(span.end)) &&
        word(span.end + 1) == "by") {
      const int maker = mention_after_cue(span.end + 1);
      if (maker >= 0) return coordinated(maker);
    }
    if (acquire && span.origin != k_no_party) return {span.origin};
    return {};
  }
};

}  // namespace

const char* status_name(TransferStatus status) {
  switch (status) {
    case S::pledged: return "pledged";
    case S::delivered: return "delivered";
    case S::ordered: return "ordered";
    case S::approved: return "approved";
    case S::alleged: return "alleged";
    case S::requested: return "requested";
    case S::refused: return "refused";
    case S::speculation:
    case S::none: break;
  }
  return "";
}

std::vector<Candidate> read_sentence(std::string_view text, const std::vector<util::Token>& tokens,
                                     SentenceParties* parties) {
  if (tokens.empty()) return {};
  SentenceReader reader(text, tokens);
  if (parties) reader.named_parties(*parties);
  return reader.run();
}

}  // namespace newsmon::rules::detail

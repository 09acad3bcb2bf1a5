#include "daemon/rules/extract_sentence.h"

#include "daemon/rules/extract_tags.h"
#include "daemon/rules/extract_words.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace newsmon::rules::detail {
namespace {

using S = TransferStatus;

class SentenceReader {
 public:
  SentenceReader(std::string_view text, const std::vector<util::Token>& tokens)
      : m_text(text), m_tokens(tokens) {
    SentenceTags tags(text, tokens);
    m_mentions = std::move(tags.mentions);
    m_mention_at = std::move(tags.mention_at);
    m_spans = std::move(tags.spans);
    m_span_at = std::move(tags.span_at);
  }

  std::vector<Candidate> run() {
    std::vector<Candidate> out;
    std::vector<std::uint32_t> verbs;
    for (std::uint32_t i = 0; i < size(); ++i) {
      if (const VerbInfo* verb = verb_at(i); verb && verb->role != Role::modifier)
        verbs.push_back(i);
    }
    // Weak words ("deal", "signed") stand for the transfer only when nothing stronger does.
    const bool strong = std::any_of(verbs.begin(), verbs.end(), [&](std::uint32_t v) {
      return verb_at(v)->role != Role::weak_acquire;
    });
    std::vector<std::uint32_t> used_spans;
    for (const std::uint32_t v : verbs) {
      if (strong && verb_at(v)->role == Role::weak_acquire) continue;
      read_verb(v, out, used_spans);
    }
    read_verbless(out, used_spans);
    return out;
  }

 private:
  std::uint32_t size() const { return static_cast<std::uint32_t>(m_tokens.size()); }
  std::string_view word(std::uint32_t i) const {
    return i < size() ? std::string_view(m_tokens[i].folded) : std::string_view();
  }

  const VerbInfo* verb_at(std::uint32_t i) const {
    const VerbInfo* verb = verb_of(word(i));
    if (!verb) return nullptr;
    // "takes delivery" is done by the recipient.
    if (verb->word == "delivery" && i > 0 &&
        (word(i - 1) == "take" || word(i - 1) == "takes" || word(i - 1) == "took" ||
         word(i - 1) == "taking")) {
      static constexpr VerbInfo k_take{"delivery", Role::acquire, S::delivered};
      return &k_take;
    }
    // "a day after", "sales rose": nouns of trade that follow a party are its exports.
    return verb;
  }

  // The party mention that ends right before word `at` (skipping fillers), if any.
  int mention_after_cue(std::uint32_t cue) const {
    for (std::uint32_t i = cue + 1; i < size() && i <= cue + 4; ++i) {
      if (m_mention_at[i] >= 0) return m_mention_at[i];
      if (!is_word(WordClass::fillers, word(i))) return -1;
    }
    return -1;
  }

  // Whether the mention names the maker of the equipment right after it ("Russian S-400").
  bool is_origin(const Mention& mention) const {
    for (std::uint32_t i = mention.end; i < size() && i <= mention.end + 2; ++i) {
      if (m_span_at[i] >= 0) return true;
      if (m_mention_at[i] >= 0 || verb_of(word(i)) || is_word(WordClass::prepositions, word(i)) ||
          word(i) == "and") {
        return false;
      }
    }
    return false;
  }

  // How two neighbouring mentions are joined: 2 by "and", 1 by a comma only, 0 not.
  int join(const Mention& first, const Mention& second) const {
    if (first.end + 1 == second.begin && (word(first.end) == "and" || word(first.end) == "or")) {
      return 2;
    }
    if (first.end != second.begin) return 0;
    const std::string_view gap = m_text.substr(
        m_tokens[first.end - 1].end, m_tokens[second.begin].start - m_tokens[first.end - 1].end);
    return gap.find(',') != std::string_view::npos ? 1 : 0;
  }

  // A mention with the ones listed with it ("Estonia, Latvia and Poland"), in text
  // order. A comma joins only in a list that "and" closes: "Russia, Seoul says" is two.
  std::vector<std::uint16_t> coordinated(int index) const {
    const auto at = static_cast<std::size_t>(index);
    std::size_t first = at;
    std::size_t last = at;
    while (first > 0 && join(m_mentions[first - 1], m_mentions[first]) > 0) --first;
    while (last + 1 < m_mentions.size() && join(m_mentions[last], m_mentions[last + 1]) > 0) ++last;
    const bool closed = last > first && join(m_mentions[last - 1], m_mentions[last]) == 2;
    if (!closed) {
      first = at;
      last = at;
      if (at > 0 && join(m_mentions[at - 1], m_mentions[at]) == 2) first = at - 1;
      if (at + 1 < m_mentions.size() && join(m_mentions[at], m_mentions[at + 1]) == 2)
        last = at + 1;
    }
    std::vector<std::uint16_t> parties;
    for (std::size_t j = first; j <= last; ++j) {
      if (!m_mentions[j].maker || j == at) parties.push_back(m_mentions[j].party);
    }
    std::sort(parties.begin(), parties.end());
    parties.erase(std::unique(parties.begin(), parties.end()), parties.end());
    return parties;
  }

  // The nearest party before `at` that can be a subject: not after a preposition, not
  // naming the maker of some equipment.
  int subject_before(std::uint32_t at, const std::vector<std::uint16_t>& except = {}) const {
    for (std::uint32_t i = at; i > 0;) {
      --i;
      const int index = m_mention_at[i];
      if (index < 0) continue;
      const Mention& mention = m_mentions[static_cast<std::size_t>(index)];
      i = mention.begin;
      bool after_preposition = false;
      for (std::uint32_t k = mention.begin; k > 0 && k + 3 > mention.begin;) {
        --k;
        if (is_word(WordClass::prepositions, word(k))) after_preposition = true;
        if (!is_word(WordClass::fillers, word(k))) break;
      }
      const bool excluded = std::find(except.begin(), except.end(), mention.party) != except.end();
      if (after_preposition || is_origin(mention) || mention.maker || excluded) continue;
      return index;
    }
    return -1;
  }

  // "to X", "for X" after word `from`; "including X" when "to" names a group of states.
  int recipient_after(std::uint32_t from) const {
    for (std::uint32_t i = from; i < size() && i < from + 14; ++i) {
      if (!is_word(WordClass::to_words, word(i))) continue;
      const int index = mention_after_cue(i);
      if (index >= 0 && !is_origin(m_mentions[static_cast<std::size_t>(index)])) return index;
      if (index >= 0 || word(i) != "to") continue;
      for (std::uint32_t k = i + 1; k < size() && k < i + 9; ++k) {
        if (is_word(WordClass::including, word(k))) {
          const int included = mention_after_cue(k + (word(k) == "such" ? 1 : 0));
          if (included >= 0) return included;
        }
      }
    }
    return -1;
  }

  int supplier_from(std::uint32_t from, std::uint32_t limit) const {
    for (std::uint32_t i = from; i < size() && i < limit; ++i) {
      // "despite objections from Turkey" names an opponent, not a supplier.
      const bool opposed = i > 0 && is_word(WordClass::opposition, word(i - 1));
      if (word(i) == "from" && !opposed) {
        const int index = mention_after_cue(i);
        if (index >= 0) return index;
      }
    }
    return -1;
  }

  // A party whose forces are named ("the Indian Air Force", "Ukrainian troops").
  int forces_mention(const std::vector<std::uint16_t>& except = {}) const {
    for (std::size_t m = 0; m < m_mentions.size(); ++m) {
      const Mention& mention = m_mentions[m];
      const bool excluded = std::find(except.begin(), except.end(), mention.party) != except.end();
      if (!mention.maker && !excluded && mention.end < size() &&
          is_word(WordClass::forces, word(mention.end))) {
        return static_cast<int>(m);
      }
    }
    return -1;
  }

  // The status the words before `v` give a transfer word whose own status is `base`;
  // `reach` is how many words back they may be.
  TransferStatus status_for(std::uint32_t v, TransferStatus base, std::uint32_t reach = 7) const {
    TransferStatus status = base;
    const std::uint32_t start = v > reach ? v - reach : 0;
    bool future = false;
    std::uint32_t first = start;
    for (std::uint32_t i = v; i > start; --i) {
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

  std::vector<std::uint32_t> spans_for(std::uint32_t v) const {
    std::vector<std::uint32_t> found;
    for (std::uint32_t s = 0; s < m_spans.size(); ++s) {
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
    const auto spans = spans_for(v);
    const bool acquire = verb.role != Role::supply;
    std::vector<std::uint16_t> suppliers;
    std::vector<std::uint16_t> recipients;
    const int subject = subject_before(v);
    if (acquire) {
      if (subject >= 0) recipients = coordinated(subject);
      int from = supplier_from(v + 1, v + 16);
      if (from < 0) from = supplier_from(v > 20 ? v - 20 : 0, v);
      if (from >= 0) suppliers = coordinated(from);
    } else {
      if (subject >= 0) suppliers = coordinated(subject);
      int to = -1;
      // "send Ukraine shells", "supply Ukraine with", "arming Syrian Kurdish fighters"
      if (v + 1 < size() && m_mention_at[v + 1] >= 0 &&
          !m_mentions[static_cast<std::size_t>(m_mention_at[v + 1])].maker &&
          !is_origin(m_mentions[static_cast<std::size_t>(m_mention_at[v + 1])])) {
        to = m_mention_at[v + 1];
      }
      if (to < 0) to = recipient_after(v + 1);
      if (to < 0) to = recipient_after(v > 6 ? v - 6 : 0);
      if (to < 0) to = possessive_after(v);
      const bool withholding = cue_before(v, S::refused) || verb.status == S::refused;
      if (to < 0 && withholding) to = supplier_from(v + 1, v + 16);
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
    if (recipients.empty() && !acquire) {
      // "Kyiv urged Berlin to send missiles": who asks is who would receive.
      const int asked = request_before(v);
      if (asked >= 0) {
        const int requester = subject_before(static_cast<std::uint32_t>(asked));
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

  // "withholds part of Egypt's aid": a possessive party after the transfer word.
  int possessive_after(std::uint32_t v) const {
    for (std::uint32_t i = v + 1; i < size() && i < v + 6; ++i) {
      const int index = m_mention_at[i];
      if (index < 0) continue;
      const Mention& mention = m_mentions[static_cast<std::size_t>(index)];
      const std::size_t after = m_tokens[mention.end - 1].end;
      const std::string_view rest = m_text.substr(after, 4);
      if (!mention.maker && (rest.starts_with("'s") || rest.starts_with("\u2019s"))) {
        return index;
      }
      return -1;
    }
    return -1;
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
      if (to >= 0 && m_mentions[static_cast<std::size_t>(to)].begin > span.end + 4) to = -1;
      // "financing to modernise the Philippine armed forces"
      if (to < 0) to = forces_mention();
      if (to < 0) continue;
      std::vector<std::uint16_t> suppliers;
      const auto recipients = coordinated(to);
      const int subject = subject_before(span.begin, recipients);
      if (subject >= 0) suppliers = coordinated(subject);
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
      if (span) {
        candidate.system = span_text(*span);
        candidate.quantity = span->quantity;
      }
      // The same state on both sides is a domestic purchase, not a transfer.
      const auto named = candidate.suppliers.size();
      std::erase_if(candidate.suppliers, [&](std::uint16_t p) {
        return std::find(recipients.begin(), recipients.end(), p) != recipients.end();
      });
      if (named > 0 && candidate.suppliers.empty()) return;
      candidate.status = status;
      if (status == S::speculation) {
        candidate.status = reported_by_other(v, candidate) ? S::alleged : S::speculation;
      } else if (reported_by_other(v, candidate) && status <= S::delivered) {
        candidate.status = S::alleged;
      }
      if (candidate.suppliers.empty() && candidate.recipients.empty()) return;
      out.push_back(std::move(candidate));
    };
    if (spans.empty()) {
      if (!suppliers.empty() && !recipients.empty() &&
          !is_word(WordClass::need_equipment, word(v))) {
        add(suppliers, nullptr);
      }
      return;
    }
    for (const auto s : spans) {
      const Span& span = m_spans[s];
      std::vector<std::uint16_t> from = suppliers;
      if (from.empty()) from = origin_of(span, acquire);
      add(from, &span);
    }
  }

  // Who makes the equipment: "Russian S-400", "US F-15 jets", or a named system's maker
  // when the story names only the buyer.
  std::vector<std::uint16_t> origin_of(const Span& span, bool acquire) const {
    for (std::uint32_t i = span.begin; i > 0 && i + 3 > span.begin;) {
      --i;
      if (m_mention_at[i] >= 0) {
        const Mention& mention = m_mentions[static_cast<std::size_t>(m_mention_at[i])];
        if (is_origin(mention)) return coordinated(m_mention_at[i]);
        break;
      }
    }
    if (acquire && span.origin != k_no_party) return {span.origin};
    return {};
  }

  std::string_view m_text;
  const std::vector<util::Token>& m_tokens;
  std::vector<Mention> m_mentions;
  std::vector<int> m_mention_at;
  std::vector<Span> m_spans;
  std::vector<int> m_span_at;
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

std::vector<Candidate> read_sentence(std::string_view text,
                                     const std::vector<util::Token>& tokens) {
  if (tokens.empty()) return {};
  return SentenceReader(text, tokens).run();
}

}  // namespace newsmon::rules::detail

#include "daemon/rules/extract_tags.h"

#include <algorithm>

#include "daemon/rules/extract_words.h"

namespace newsmon::rules::detail {

bool exporter(std::uint16_t party) {
  static const std::vector<bool> table = [] {
    std::vector<bool> makes(gazetteer_parties().size(), false);
    for (const GazetteerName& name : gazetteer_names()) {
      if ((name.kind == NameKind::system || name.kind == NameKind::maker) &&
          name.party < makes.size()) {
        makes[name.party] = true;
      }
    }
    return makes;
  }();
  return party < table.size() && table[party];
}

SentenceTags::SentenceTags(std::string_view text, const std::vector<util::Token>& tokens)
    : m_text(text), m_tokens(tokens) {
  tag();
}

void SentenceTags::tag() {
  mention_at.assign(size(), -1);
  span_at.assign(size(), -1);
  std::vector<NameMatch> names = Gazetteer::instance().find(m_text, m_tokens);
  for (const NameMatch& name : names) {
    if (name.name->kind == NameKind::party || name.name->kind == NameKind::maker) {
      for (std::uint32_t i = name.begin; i < name.end; ++i) {
        mention_at[i] = static_cast<int>(mentions.size());
      }
      // "the German company's Boxer": a state's company is a maker, not the state.
      const std::string_view next = word(name.end);
      const bool company = next == "company" || next == "firm" || next == "manufacturer" ||
                           next == "maker" || next == "contractor" || next == "shipbuilder" ||
                           next == "shipyard";
      mentions.push_back(Mention{name.begin, name.end, name.name->party,
                                 name.name->kind == NameKind::maker || company});
    }
  }
  build_spans(names);
}

bool SentenceTags::designator(std::uint32_t i) const {
  if (i >= size() || mention_at[i] >= 0 || verb_of(word(i))) return false;
  const std::string_view written =
      m_text.substr(m_tokens[i].start, m_tokens[i].end - m_tokens[i].start);
  const bool digit =
      std::any_of(written.begin(), written.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool upper = !written.empty() && written.front() >= 'A' && written.front() <= 'Z';
  return (digit || upper) && !number_of(word(i));
}

void SentenceTags::build_spans(const std::vector<NameMatch>& names) {
  for (const NameMatch& name : names) {
    if (name.name->kind != NameKind::system && name.name->kind != NameKind::equipment) continue;
    const std::uint16_t origin =
        name.name->kind == NameKind::system ? name.name->party : k_no_party;
    if (!spans.empty()) {
      Span& last = spans.back();
      std::uint32_t gap = name.begin - last.end;
      bool joinable = gap <= 2;
      for (std::uint32_t i = last.end; i < name.begin && joinable; ++i) joinable = designator(i);
      if (joinable) {
        last.end = name.end;
        if (last.origin == k_no_party) last.origin = origin;
        continue;
      }
    }
    spans.push_back(Span{name.begin, name.end, origin, std::nullopt});
  }
  // A number before a head noun is equipment too ("64 jets").
  // So is a head noun after a party that makes it ("American jets").
  for (std::uint32_t i = 0; i + 1 < size(); ++i) {
    const bool counted = number_of(word(i)) && !covered(i);
    const bool made = mention_at[i] >= 0 && mention_at[i + 1] < 0;
    if ((counted || made) && is_word(WordClass::heads, word(i + 1)) && mention_at[i + 1] < 0 &&
        !covered(i + 1)) {
      spans.push_back(Span{i + 1, i + 2, k_no_party, std::nullopt});
    }
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (std::size_t s = 0; s < spans.size(); ++s) {
    Span& span = spans[s];
    // Designators and head nouns right after the name belong to it ("F-16 Block 70 fighters").
    const auto free = [&](std::uint32_t i) {
      return s + 1 >= spans.size() || spans[s + 1].begin > i;
    };
    while (span.end < size() && span.end < span.begin + 8 &&
           (designator(span.end) || is_word(WordClass::heads, word(span.end))) && free(span.end)) {
      ++span.end;
    }
    // "FA-50 light attack jets": plain words up to a head noun belong to it too.
    for (std::uint32_t i = span.end; i < size() && i < span.end + 3 && free(i); ++i) {
      if (mention_at[i] >= 0 || verb_of(word(i)) || is_word(WordClass::prepositions, word(i)) ||
          word(i) == "and" || number_of(word(i))) {
        break;
      }
      if (is_word(WordClass::heads, word(i))) {
        span.end = i + 1;
        break;
      }
    }
    for (std::uint32_t i = span.begin; i < span.end; ++i) span_at[i] = static_cast<int>(s);
    span.quantity = quantity_before(span.begin);
  }
}

bool SentenceTags::possessive_before(const Mention& mention) const {
  const std::size_t after = m_tokens[mention.end - 1].end;
  const std::string_view rest = m_text.substr(after, 4);
  return rest.starts_with("'s") || rest.starts_with("\u2019s");
}

bool SentenceTags::covered(std::uint32_t i) const {
  return std::any_of(spans.begin(), spans.end(),
                     [&](const Span& span) { return i >= span.begin && i < span.end; });
}

std::optional<std::int64_t> SentenceTags::quantity_before(std::uint32_t begin) const {
  std::uint32_t i = begin;
  for (int steps = 0; i > 0 && steps < 5; ++steps) {
    --i;
    const std::string_view w = word(i);
    // "50 F-35 fighters, Reaper drones": a count before a comma is not this equipment's.
    if (m_text.substr(m_tokens[i].end, m_tokens[i + 1].start - m_tokens[i].end).find(',') !=
        std::string_view::npos) {
      return std::nullopt;
    }
    // "60 AGM-84L-1 Harpoon": a number joined by a hyphen is part of a designation.
    const auto hyphen = [&](std::uint32_t a, std::uint32_t b) {
      return b < size() &&
             m_text.substr(m_tokens[a].end, m_tokens[b].start - m_tokens[a].end) == "-";
    };
    if (auto number = number_of(w); number && !hyphen(i, i + 1) && !(i > 0 && hyphen(i - 1, i))) {
      if (i + 1 < size() && is_word(WordClass::units, word(i + 1))) continue;
      if (*number >= 1900 && *number <= 2100) return std::nullopt;
      // "more than 30,000", "at least three": a bound, not a count.
      if (word(i + 1) == "of" || (i > 0 && (word(i - 1) == "than" || word(i - 1) == "least"))) {
        return std::nullopt;
      }
      return number;
    }
    // "30 more Dassault Rafale fighters": the maker stands between number and name.
    // "three French frigates": so does the maker's state right before the equipment.
    if (mention_at[i] >= 0) {
      const Mention& found = mentions[static_cast<std::size_t>(mention_at[i])];
      if (found.maker || (found.end == begin && !possessive_before(found))) {
        i = found.begin;
        continue;
      }
    }
    // "20 Australian-made Bushmasters": the maker's state with "-made" stands between too.
    if (is_word(WordClass::made, w) && i > 0 && mention_at[i - 1] >= 0) {
      i = mentions[static_cast<std::size_t>(mention_at[i - 1])].begin;
      continue;
    }
    if (mention_at[i] >= 0 || verb_of(w) || w == "and") return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace newsmon::rules::detail

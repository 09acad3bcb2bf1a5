#include "daemon/rules/extract_phrases.h"

#include <algorithm>

#include "daemon/util/fold.h"

namespace newsmon::rules::detail {

std::uint32_t Lexicon::add(std::string_view word) {
  const std::uint32_t known = find(word);
  if (known != k_unknown) return known;
  const auto id = static_cast<std::uint32_t>(m_words.size());
  m_words.add(word, hash_text(word), {id}, false);
  return id;
}

std::uint32_t Lexicon::find(std::string_view word) const {
  TextCache::Entry entry;
  return m_words.find(word, hash_text(word), entry) ? entry.ids[0] : k_unknown;
}

LexiconWords look_up(const Lexicon& lexicon, std::span<const util::TokenView> tokens) {
  LexiconWords out;
  look_up_into(lexicon, tokens, out);
  return out;
}

void look_up_into(const Lexicon& lexicon, std::span<const util::TokenView> tokens,
                  LexiconWords& out) {
  out.words.resize(tokens.size());
  out.keys.resize(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    out.words[i] = lexicon.find(tokens[i].folded);
    out.keys[i] = lexicon.find_key(tokens[i].folded);
  }
}

void PhraseTable::add(std::string_view phrase, std::uint32_t value) {
  const bool cased = phrase.starts_with("cased:");
  if (cased) phrase.remove_prefix(6);
  add_words(phrase, cased, value);
  // "F-16" in a list also finds "F16" in a story.
  if (phrase.find('-') != std::string_view::npos) {
    std::string joined(phrase);
    joined.erase(std::remove(joined.begin(), joined.end(), '-'), joined.end());
    add_words(joined, cased, value);
  }
}

void PhraseTable::add_to(std::vector<std::vector<std::uint32_t>>& index, std::uint32_t word,
                         std::uint32_t entry) const {
  if (index.size() <= word) index.resize(word + 1);
  insert_by_size(index[word], entry);
}

// Longest first, and in the order they were added among those of one size: the first
// entry of a list that matches is the one longest_at() wants from it.
void PhraseTable::insert_by_size(std::vector<std::uint32_t>& ids, std::uint32_t entry) const {
  const std::size_t size = size_of(m_entries[entry]);
  const auto at = std::find_if(ids.begin(), ids.end(),
                               [&](std::uint32_t id) { return size_of(m_entries[id]) < size; });
  ids.insert(at, entry);
}

const std::vector<std::uint32_t>* PhraseTable::starting(
    const std::vector<std::vector<std::uint32_t>>& index, std::uint32_t word) {
  return word < index.size() && !index[word].empty() ? &index[word] : nullptr;
}

void PhraseTable::add_words(std::string_view phrase, bool cased, std::uint32_t value) {
  Entry entry;
  entry.value = value;
  const bool prefix = phrase.ends_with('*');
  if (prefix) phrase.remove_suffix(1);
  const auto tokens = util::tokenize(phrase, util::JoinedForms::skip);
  if (tokens.empty()) return;
  for (const auto& token : tokens) {
    if (cased)
      entry.cased.push_back(util::nfkc(phrase.substr(token.start, token.end - token.start)));
  }
  const std::size_t exact_words = prefix ? tokens.size() - 1 : tokens.size();
  for (std::size_t i = 0; i < exact_words; ++i)
    entry.words.push_back(m_lexicon->add(tokens[i].folded));
  if (prefix) entry.prefix = tokens.back().folded;
  const auto id = static_cast<std::uint32_t>(m_entries.size());
  m_entries.push_back(std::move(entry));
  const Entry& added = m_entries.back();
  if (!added.words.empty()) {
    add_to(m_exact, added.words.front(), id);
  } else if (added.prefix.size() < Lexicon::k_key_size) {
    insert_by_size(m_short_prefixes[static_cast<unsigned char>(added.prefix.front())], id);
  } else {
    add_to(m_prefixes, m_lexicon->add_key(added.prefix), id);
  }
}

bool PhraseTable::matches(const Entry& entry, std::string_view text,
                          std::span<const util::TokenView> tokens, const LexiconWords& words,
                          std::size_t at) const {
  const std::size_t size = size_of(entry);
  if (at + size > tokens.size()) return false;
  for (std::size_t i = 0; i < entry.words.size(); ++i) {
    if (words.words[at + i] != entry.words[i]) return false;
  }
  if (!entry.prefix.empty() && !tokens[at + size - 1].folded.starts_with(entry.prefix)) {
    return false;
  }
  for (std::size_t i = 0; i < entry.cased.size(); ++i) {
    const util::TokenView& token = tokens[at + i];
    if (util::nfkc(text.substr(token.start, token.end - token.start)) != entry.cased[i]) {
      return false;
    }
  }
  return true;
}

const PhraseTable::Entry* PhraseTable::longest_at(std::string_view text,
                                                  std::span<const util::TokenView> tokens,
                                                  const LexiconWords& words, std::size_t at) const {
  const Entry* best = nullptr;
  std::size_t best_size = 0;
  // Each list is longest first: its first match is its best, and once its entries are
  // no longer than the best so far, none of the rest can replace it.
  const auto consider = [&](const std::vector<std::uint32_t>* ids) {
    if (!ids) return;
    for (const auto id : *ids) {
      const Entry& entry = m_entries[id];
      const std::size_t size = size_of(entry);
      if (best && size <= best_size) return;
      if (matches(entry, text, tokens, words, at)) {
        best = &entry;
        best_size = size;
        return;
      }
    }
  };
  consider(starting(m_exact, words.words[at]));
  consider(starting(m_prefixes, words.keys[at]));
  const std::string_view folded = tokens[at].folded;
  if (!folded.empty()) consider(&m_short_prefixes[static_cast<unsigned char>(folded.front())]);
  return best;
}

std::vector<PhraseMatch> PhraseTable::find(std::string_view text,
                                           const std::vector<util::Token>& tokens) const {
  const std::vector<util::TokenView> views = util::views_of(tokens);
  return find(text, views, look_up(*m_lexicon, views));
}

std::vector<PhraseMatch> PhraseTable::find(std::string_view text,
                                           std::span<const util::TokenView> tokens,
                                           const LexiconWords& words) const {
  std::vector<PhraseMatch> found;
  find_into(text, tokens, words, found);
  return found;
}

void PhraseTable::find_into(std::string_view text, std::span<const util::TokenView> tokens,
                            const LexiconWords& words, std::vector<PhraseMatch>& found) const {
  found.clear();
  std::size_t at = 0;
  while (at < tokens.size()) {
    // Most words start no phrase of the table.
    const std::string_view folded = tokens[at].folded;
    if (!starting(m_exact, words.words[at]) && !starting(m_prefixes, words.keys[at]) &&
        (folded.empty() || m_short_prefixes[static_cast<unsigned char>(folded.front())].empty())) {
      ++at;
      continue;
    }
    const Entry* best = longest_at(text, tokens, words, at);
    if (!best) {
      ++at;
      continue;
    }
    const auto end = static_cast<std::uint32_t>(at + size_of(*best));
    found.push_back(PhraseMatch{static_cast<std::uint32_t>(at), end, best->value});
    at = end;
  }
}

}  // namespace newsmon::rules::detail

#include "daemon/rules/extract_phrases.h"

#include <algorithm>

#include "daemon/util/fold.h"

namespace newsmon::rules::detail {
namespace {

constexpr std::size_t k_prefix_key = 3;

std::string key_of(std::string_view folded) {
  return std::string(folded.substr(0, k_prefix_key));
}

}  // namespace

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

void PhraseTable::add_words(std::string_view phrase, bool cased, std::uint32_t value) {
  Entry entry;
  entry.value = value;
  entry.prefix = phrase.ends_with('*');
  if (entry.prefix) phrase.remove_suffix(1);
  for (const auto& token : util::tokenize(phrase, util::JoinedForms::skip)) {
    entry.words.push_back(token.folded);
    if (cased)
      entry.cased.push_back(util::nfkc(phrase.substr(token.start, token.end - token.start)));
  }
  if (entry.words.empty()) return;
  const auto id = static_cast<std::uint32_t>(m_entries.size());
  if (entry.prefix && entry.words.size() == 1) {
    if (entry.words.front().size() < k_prefix_key) {
      m_short_prefixes.push_back(id);
    } else {
      m_prefixes[key_of(entry.words.front())].push_back(id);
    }
  } else {
    m_exact[entry.words.front()].push_back(id);
  }
  m_entries.push_back(std::move(entry));
}

bool PhraseTable::matches(const Entry& entry, std::string_view text,
                          const std::vector<util::Token>& tokens, std::size_t at) const {
  if (at + entry.words.size() > tokens.size()) return false;
  for (std::size_t i = 0; i < entry.words.size(); ++i) {
    const util::Token& token = tokens[at + i];
    const bool last = i + 1 == entry.words.size();
    const std::string& word = entry.words[i];
    if (last && entry.prefix) {
      if (!token.folded.starts_with(word)) return false;
    } else if (token.folded != word) {
      return false;
    }
    if (!entry.cased.empty() &&
        util::nfkc(text.substr(token.start, token.end - token.start)) != entry.cased[i]) {
      return false;
    }
  }
  return true;
}

const PhraseTable::Entry* PhraseTable::longest_at(std::string_view text,
                                                  const std::vector<util::Token>& tokens,
                                                  std::size_t at) const {
  const Entry* best = nullptr;
  const auto consider = [&](const std::vector<std::uint32_t>& ids) {
    for (const auto id : ids) {
      const Entry& entry = m_entries[id];
      if ((!best || entry.words.size() > best->words.size()) && matches(entry, text, tokens, at)) {
        best = &entry;
      }
    }
  };
  const std::string& folded = tokens[at].folded;
  if (const auto it = m_exact.find(folded); it != m_exact.end()) consider(it->second);
  if (folded.size() >= k_prefix_key) {
    if (const auto it = m_prefixes.find(key_of(folded)); it != m_prefixes.end()) {
      consider(it->second);
    }
  }
  consider(m_short_prefixes);
  return best;
}

std::vector<PhraseMatch> PhraseTable::find(std::string_view text,
                                           const std::vector<util::Token>& tokens) const {
  std::vector<PhraseMatch> found;
  std::size_t at = 0;
  while (at < tokens.size()) {
    const Entry* best = longest_at(text, tokens, at);
    if (!best) {
      ++at;
      continue;
    }
    const auto end = static_cast<std::uint32_t>(at + best->words.size());
    found.push_back(PhraseMatch{static_cast<std::uint32_t>(at), end, best->value});
    at = end;
  }
  return found;
}

}  // namespace newsmon::rules::detail

#include "daemon/rules/extract_gazetteer.h"

#include <algorithm>
#include <string>

#include "daemon/util/fold.h"

namespace newsmon::rules::detail {
namespace {

constexpr std::size_t k_prefix_key = 3;

std::string key_of(std::string_view folded) {
  return std::string(folded.substr(0, k_prefix_key));
}

}  // namespace

const Gazetteer& Gazetteer::instance() {
  static const Gazetteer gazetteer;
  return gazetteer;
}

Gazetteer::Gazetteer() {
  std::unordered_map<std::string, std::vector<std::uint32_t>> exact;
  std::unordered_map<std::string, std::vector<std::uint32_t>> prefixes;
  const auto add = [&](const GazetteerName& name, std::string_view text) {
    Entry entry;
    entry.name = &name;
    entry.prefix = text.ends_with('*');
    if (entry.prefix) text.remove_suffix(1);
    for (const auto& token : util::tokenize(text, util::JoinedForms::skip)) {
      entry.words.push_back(token.folded);
      entry.cased.push_back(util::nfkc(text.substr(token.start, token.end - token.start)));
    }
    if (entry.words.empty()) return;
    const auto id = static_cast<std::uint32_t>(m_entries.size());
    if (entry.prefix && entry.words.size() == 1) {
      if (entry.words.front().size() < k_prefix_key) {
        m_short_prefixes.push_back(id);
      } else {
        prefixes[key_of(entry.words.front())].push_back(id);
      }
    } else {
      exact[entry.words.front()].push_back(id);
    }
    m_entries.push_back(std::move(entry));
  };
  for (const auto& name : gazetteer_names()) {
    add(name, name.text);
    // "F-16" in a list also finds "F16" in a story.
    if (name.text.find('-') != std::string_view::npos) {
      std::string joined(name.text);
      joined.erase(std::remove(joined.begin(), joined.end(), '-'), joined.end());
      m_joined_texts.push_back(std::move(joined));
    }
  }
  std::size_t joined_index = 0;
  for (const auto& name : gazetteer_names()) {
    if (name.text.find('-') != std::string_view::npos) add(name, m_joined_texts[joined_index++]);
  }
  for (auto& [key, ids] : exact) m_exact.emplace(key, std::move(ids));
  for (auto& [key, ids] : prefixes) m_prefixes.emplace(key, std::move(ids));
}

bool Gazetteer::matches(const Entry& entry, std::string_view text,
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
    if (entry.name->cased &&
        util::nfkc(text.substr(token.start, token.end - token.start)) != entry.cased[i]) {
      return false;
    }
  }
  return true;
}

std::vector<NameMatch> Gazetteer::find(std::string_view text,
                                       const std::vector<util::Token>& tokens) const {
  std::vector<NameMatch> found;
  std::size_t at = 0;
  while (at < tokens.size()) {
    const Entry* best = nullptr;
    const auto consider = [&](const std::vector<std::uint32_t>& ids) {
      for (const auto id : ids) {
        const Entry& entry = m_entries[id];
        if ((!best || entry.words.size() > best->words.size()) &&
            matches(entry, text, tokens, at)) {
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
    if (!best) {
      ++at;
      continue;
    }
    const auto end = static_cast<std::uint32_t>(at + best->words.size());
    found.push_back(NameMatch{static_cast<std::uint32_t>(at), end, best->name});
    at = end;
  }
  return found;
}

}  // namespace newsmon::rules::detail

#include <re2/re2.h>

#include "daemon/rules/program.h"
#include "daemon/rules/stem.h"
#include "daemon/util/fold.h"

namespace newsmon::rules::detail {
namespace {

bool cased_equal(std::string_view written, std::string_view cased) {
  if (util::is_ascii(written)) return written == cased;
  return util::nfkc(written) == cased;
}

std::string id_key(PatternKind kind, std::string_view key, std::string_view cased) {
  std::string id;
  id += static_cast<char>('0' + static_cast<int>(kind));
  id += key;
  id += '\0';
  id += cased;
  return id;
}

}  // namespace

Program::Program() = default;
Program::~Program() = default;
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;

PatternId Dictionary::add(PatternKind kind, std::string key, std::string cased) {
  auto [slot, added] =
      m_ids.try_emplace(id_key(kind, key, cased), static_cast<PatternId>(m_patterns.size()));
  if (!added) return slot->second;
  const PatternId id = slot->second;
  switch (kind) {
    case PatternKind::exact: m_exact[key].push_back(id); break;
    case PatternKind::stem: m_stems[key].push_back(id); break;
    case PatternKind::prefix: {
      std::uint32_t node = 0;
      for (const char c : key) {
        const auto edge = (std::uint64_t{node} << 8) | static_cast<unsigned char>(c);
        auto [next, created] =
            m_trie_edges.try_emplace(edge, static_cast<std::uint32_t>(m_trie_patterns.size()));
        if (created) m_trie_patterns.emplace_back();
        node = next->second;
      }
      m_trie_patterns[node].push_back(id);
      break;
    }
  }
  m_patterns.push_back(Pattern{kind, std::move(key), std::move(cased)});
  return id;
}

void Dictionary::lookup(const util::Token& token, std::string_view written,
                        std::vector<PatternId>& out) const {
  if (const auto exact = m_exact.find(token.folded); exact != m_exact.end()) {
    for (const PatternId id : exact->second) {
      const auto& cased = m_patterns[id].cased;
      if (cased.empty() || cased_equal(written, cased)) out.push_back(id);
    }
  }
  if (!m_trie_edges.empty()) {
    std::uint32_t node = 0;
    for (const char c : token.folded) {
      const auto edge =
          m_trie_edges.find((std::uint64_t{node} << 8) | static_cast<unsigned char>(c));
      if (edge == m_trie_edges.end()) break;
      node = edge->second;
      const auto& ids = m_trie_patterns[node];
      out.insert(out.end(), ids.begin(), ids.end());
    }
  }
  if (!m_stems.empty()) {
    if (const auto stem = m_stems.find(stem_english(token.folded)); stem != m_stems.end()) {
      out.insert(out.end(), stem->second.begin(), stem->second.end());
    }
  }
}

}  // namespace newsmon::rules::detail

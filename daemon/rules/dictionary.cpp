#include <atomic>

#include <re2/re2.h>

#include "daemon/rules/flat_table.h"
#include "daemon/rules/program.h"
#include "daemon/rules/stem.h"
#include "daemon/util/fold.h"
#include "daemon/util/utf8.h"

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

// Distinct words a thread remembers lookups for before starting over: a busy news day's
// vocabulary, a few megabytes.
constexpr std::size_t k_cache_limit = 50'000;
// Longer tokens (URLs, long numbers, garbage) are looked up each time: they seldom repeat.
constexpr std::size_t k_cached_length = 64;

std::atomic<std::uint64_t> g_next_generation{1};

}  // namespace

Dictionary::Dictionary() : m_generation(g_next_generation++) {}

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

Dictionary::Lookup Dictionary::compute(std::string_view folded) const {
  Lookup found;
  if (const auto exact = m_exact.find(folded); exact != m_exact.end()) {
    for (const PatternId id : exact->second) {
      if (m_patterns[id].cased.empty()) {
        found.ids.push_back(id);
      } else {
        found.cased = true;
      }
    }
  }
  if (!m_trie_edges.empty()) {
    std::uint32_t node = 0;
    for (const char c : folded) {
      const auto edge =
          m_trie_edges.find((std::uint64_t{node} << 8) | static_cast<unsigned char>(c));
      if (edge == m_trie_edges.end()) break;
      node = edge->second;
      const auto& ids = m_trie_patterns[node];
      found.ids.insert(found.ids.end(), ids.begin(), ids.end());
    }
  }
  if (!m_stems.empty()) {
    if (const auto stem = m_stems.find(stem_english(folded)); stem != m_stems.end()) {
      found.ids.insert(found.ids.end(), stem->second.begin(), stem->second.end());
    }
  }
  return found;
}

void Dictionary::lookup(std::string_view folded, std::string_view written,
                        std::vector<PatternId>& out) const {
  struct Cache {
    std::uint64_t generation = 0;
    TextCache entries;
  };
  thread_local Cache cache;
  if (cache.generation != m_generation || cache.entries.size() >= k_cache_limit) {
    cache.entries.clear();
    cache.generation = m_generation;
  }
  TextCache::Entry found;
  if (folded.size() > k_cached_length) {
    const Lookup computed = compute(folded);
    out.insert(out.end(), computed.ids.begin(), computed.ids.end());
    found.flag = computed.cased;
  } else {
    const std::uint64_t hash = hash_text(folded);
    if (!cache.entries.find(folded, hash, found)) {
      const Lookup computed = compute(folded);
      cache.entries.add(folded, hash, computed.ids, computed.cased);
      cache.entries.find(folded, hash, found);
    }
    out.insert(out.end(), found.ids, found.ids + found.size);
  }
  if (!found.flag) return;
  for (const PatternId id : m_exact.find(folded)->second) {
    const auto& cased = m_patterns[id].cased;
    if (!cased.empty() && cased_equal(written, cased)) out.push_back(id);
  }
}

}  // namespace newsmon::rules::detail

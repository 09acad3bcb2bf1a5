#pragma once
// Internal to daemon/rules: open-addressing hash tables for the lookups done for every
// token of every story, where std::unordered_map's one allocation per entry and its
// pointer chasing cost more than the rest of the work.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsmon::rules::detail {

/// A fast hash of a short string (FNV-1a over 64 bits, mixed at the end).
inline std::uint64_t hash_text(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash ^ (hash >> 29);
}

/// 64-bit keys to 32-bit values; keys are never removed. Not thread-safe for writing.
class IdTable {
 public:
  static constexpr std::uint32_t k_absent = 0xffff'ffff;

  /// The value of the key, adding `value` for it when absent.
  std::uint32_t emplace(std::uint64_t key, std::uint32_t value);
  /// The value of the key, or k_absent.
  std::uint32_t find(std::uint64_t key) const {
    if (m_slots.empty()) return k_absent;
    for (std::size_t at = slot_of(key);; at = (at + 1) & m_mask) {
      const Slot& slot = m_slots[at];
      if (slot.key == key) return slot.value;
      if (slot.key == k_empty) return k_absent;
    }
  }
  std::size_t size() const { return m_count; }

 private:
  static constexpr std::uint64_t k_empty = ~std::uint64_t{0};
  struct Slot {
    std::uint64_t key = k_empty;
    std::uint32_t value = 0;
  };
  std::size_t slot_of(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ull) >> 20) & m_mask;
  }
  void grow();

  std::vector<Slot> m_slots;
  std::size_t m_mask = 0;
  std::size_t m_count = 0;
};

/// Strings to runs of 32-bit ids, with a flag each; a cache that is only ever added to
/// and cleared whole. Not thread-safe (each thread has its own).
class TextCache {
 public:
  struct Entry {
    const std::uint32_t* ids = nullptr;
    std::uint32_t size = 0;
    bool flag = false;
  };

  /// Whether the text (its hash from hash_text) is cached; if so, `entry` receives it.
  bool find(std::string_view text, std::uint64_t hash, Entry& entry) const;
  void add(std::string_view text, std::uint64_t hash, const std::vector<std::uint32_t>& ids,
           bool flag);
  std::size_t size() const { return m_count; }
  void clear();

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t text_begin = 0;
    std::uint32_t text_size = 0;
    std::uint32_t ids_begin = 0;
    std::uint32_t ids_size = 0;
    bool used = false;
    bool flag = false;
  };
  void grow();

  std::vector<Slot> m_slots;
  std::size_t m_mask = 0;
  std::size_t m_count = 0;
  std::string m_texts;
  std::vector<std::uint32_t> m_ids;
};

}  // namespace newsmon::rules::detail

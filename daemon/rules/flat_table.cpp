#include "daemon/rules/flat_table.h"

namespace newsmon::rules::detail {
namespace {

// Tables stay at most half full, so a probe rarely goes past the slot it starts at.
constexpr std::size_t k_first_size = 64;

}  // namespace

std::uint32_t IdTable::emplace(std::uint64_t key, std::uint32_t value) {
  if ((m_count + 1) * 2 > m_slots.size()) grow();
  for (std::size_t at = slot_of(key);; at = (at + 1) & m_mask) {
    Slot& slot = m_slots[at];
    if (slot.key == key) return slot.value;
    if (slot.key == k_empty) {
      slot = Slot{key, value};
      ++m_count;
      return value;
    }
  }
}

void IdTable::grow() {
  std::vector<Slot> old = std::move(m_slots);
  m_slots.assign(old.empty() ? k_first_size : old.size() * 2, Slot{});
  m_mask = m_slots.size() - 1;
  for (const Slot& slot : old) {
    if (slot.key == k_empty) continue;
    std::size_t at = slot_of(slot.key);
    while (m_slots[at].key != k_empty) at = (at + 1) & m_mask;
    m_slots[at] = slot;
  }
}

bool TextCache::find(std::string_view text, std::uint64_t hash, Entry& entry) const {
  if (m_slots.empty()) return false;
  for (std::size_t at = hash & m_mask;; at = (at + 1) & m_mask) {
    const Slot& slot = m_slots[at];
    if (!slot.used) return false;
    if (slot.hash == hash &&
        std::string_view(m_texts).substr(slot.text_begin, slot.text_size) == text) {
      entry = Entry{m_ids.data() + slot.ids_begin, slot.ids_size, slot.flag};
      return true;
    }
  }
}

void TextCache::add(std::string_view text, std::uint64_t hash,
                    const std::vector<std::uint32_t>& ids, bool flag) {
  if ((m_count + 1) * 2 > m_slots.size()) grow();
  std::size_t at = hash & m_mask;
  while (m_slots[at].used) at = (at + 1) & m_mask;
  Slot& slot = m_slots[at];
  slot = Slot{hash,
              static_cast<std::uint32_t>(m_texts.size()),
              static_cast<std::uint32_t>(text.size()),
              static_cast<std::uint32_t>(m_ids.size()),
              static_cast<std::uint32_t>(ids.size()),
              true,
              flag};
  m_texts.append(text);
  m_ids.insert(m_ids.end(), ids.begin(), ids.end());
  ++m_count;
}

void TextCache::clear() {
  for (Slot& slot : m_slots) slot.used = false;
  m_count = 0;
  m_texts.clear();
  m_ids.clear();
}

void TextCache::grow() {
  std::vector<Slot> old = std::move(m_slots);
  m_slots.assign(old.empty() ? k_first_size : old.size() * 2, Slot{});
  m_mask = m_slots.size() - 1;
  for (const Slot& slot : old) {
    if (!slot.used) continue;
    std::size_t at = slot.hash & m_mask;
    while (m_slots[at].used) at = (at + 1) & m_mask;
    m_slots[at] = slot;
  }
}

}  // namespace newsmon::rules::detail

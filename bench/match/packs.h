#pragma once
// The rule sets the packs rows of the benchmark measure: the shipped packs as they are,
// without event extraction, with every list doubled by synthetic entries, and beside
// 1,000 generated rules.

#include <filesystem>
#include <string>
#include <vector>

namespace newsmon::bench {

struct RuleVariant {
  std::string name;                          ///< as printed in the table
  std::vector<std::filesystem::path> paths;  ///< what --rules gets
};

/// Writes the variants of the packs in `rules` under `dir` (which must exist) and
/// returns them, the packs themselves first. `generated_yaml` is the file of generated
/// rules set beside the packs.
std::vector<RuleVariant> pack_variants(const std::filesystem::path& rules,
                                       const std::filesystem::path& dir,
                                       const std::string& generated_yaml);

/// A word of the same shape that no story contains: letters moved seven places on
/// ("abrams" -> "hiyhtz"), digits, '*', "cased:" and spaces kept.
std::string synthetic_entry(const std::string& entry);

}  // namespace newsmon::bench

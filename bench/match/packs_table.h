#pragma once
// The packs table of the matching benchmark: the rules users run, through the command
// they run, beside a keyword script measured in the same run.

#include <filesystem>
#include <vector>

#include "bench/match/packs.h"
#include "bench/match/workload.h"

namespace newsmon::bench {

struct PacksSetup {
  std::filesystem::path newsmon;   ///< the newsmon executable
  std::filesystem::path python;    ///< runs keywords.py
  std::filesystem::path keywords;  ///< bench/match/keywords.py
  std::filesystem::path workdir;   ///< scratch folder for the workload and rule variants
};

/// For each variant: `newsmon match` over the stories as a whole process (CPU time, peak
/// memory), its start-up alone (loading the rules, over no story), RuleSet::match alone
/// in this process (no JSON), and the keyword baseline run right after it.
void print_packs_table(const std::vector<StoryText>& stories,
                       const std::vector<RuleVariant>& variants, const PacksSetup& setup);

}  // namespace newsmon::bench

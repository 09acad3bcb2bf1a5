#pragma once
// The stories the matching benchmark runs over, and the clock it reads.

#include <filesystem>
#include <string>
#include <vector>

namespace newsmon::bench {

struct StoryText {
  std::string title;
  std::string summary;
  std::string content;
  std::string joined;  ///< the three fields, for the generated rules' baseline
  std::string line;    ///< the story's JSON line as the corpus has it
};

/// The stories of a JSON Lines corpus.
std::vector<StoryText> read_corpus(const std::filesystem::path& path);

/// The corpus repeated, whole, until its text reaches `bytes`.
std::vector<StoryText> repeat_to_bytes(const std::vector<StoryText>& corpus, std::size_t bytes);

/// The corpus repeated story by story up to `count` stories.
std::vector<StoryText> repeat_to_count(const std::vector<StoryText>& corpus, std::size_t count);

/// Writes the stories' lines as a JSON Lines file; returns its size in bytes.
std::size_t write_lines(const std::vector<StoryText>& stories, const std::filesystem::path& path);

/// CPU time of this thread: the machine may be shared, and time spent waiting for a core
/// is not time spent matching.
double thread_seconds();

}  // namespace newsmon::bench

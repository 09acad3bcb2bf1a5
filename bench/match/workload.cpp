#include "bench/match/workload.h"

#include <ctime>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace newsmon::bench {

std::vector<StoryText> read_corpus(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::vector<StoryText> stories;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto story = nlohmann::json::parse(line);
    StoryText text{story.value("title", ""), story.value("summary", ""), story.value("content", ""),
                   "", line};
    text.joined = text.title + "\n" + text.summary + "\n" + text.content;
    stories.push_back(std::move(text));
  }
  if (stories.empty()) throw std::runtime_error(path.string() + " holds no stories");
  return stories;
}

std::vector<StoryText> repeat_to_bytes(const std::vector<StoryText>& corpus, std::size_t bytes) {
  std::vector<StoryText> out;
  std::size_t total = 0;
  while (total < bytes) {
    for (const auto& story : corpus) {
      out.push_back(story);
      total += story.joined.size();
    }
  }
  return out;
}

std::vector<StoryText> repeat_to_count(const std::vector<StoryText>& corpus, std::size_t count) {
  std::vector<StoryText> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(corpus[i % corpus.size()]);
  return out;
}

std::size_t write_lines(const std::vector<StoryText>& stories, const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary);
  std::size_t bytes = 0;
  for (const auto& story : stories) {
    out << story.line << '\n';
    bytes += story.line.size() + 1;
  }
  if (!out) throw std::runtime_error("cannot write " + path.string());
  return bytes;
}

double thread_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace newsmon::bench

// Parser throughput: MB/s and items/s of newsmon's parser and of Debian's
// python3-feedparser on the same documents in the same run. Documents: a typical
// 100-item news feed with HTML bodies and a 5 MB feed (both generated here,
// deterministically), and feedparser's own test corpus when ../shared is present.
//
// Usage: bench_parse [--seconds S] [--feedparser-script PATH] [--corpus DIR] [--out DIR]

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "daemon/feed/parse.h"
#include "daemon/util/text.h"

namespace {

namespace fs = std::filesystem;

// CPU time of this thread: the machines these figures come from are shared, and wall time
// would measure the neighbours as much as the parser.
double thread_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

struct Document {
  std::string name;
  std::string bytes;
};

struct Workload {
  std::string name;
  std::vector<Document> documents;
  std::size_t bytes() const {
    std::size_t total = 0;
    for (const auto& document : documents) total += document.bytes.size();
    return total;
  }
};

struct Figures {
  double megabytes_per_second = 0;
  double items_per_second = 0;
  std::size_t items = 0;
};

const std::vector<std::string> k_words{
    "government", "minister",   "said",     "on",       "Monday",   "that",    "the",
    "alliance",   "would",      "send",     "more",     "tanks",    "to",      "Ukraine",
    "after",      "talks",      "in",       "Brussels", "where",    "defence", "officials",
    "discussed",  "ammunition", "supplies", "and",      "air",      "defence", "systems",
    "for",        "the",        "coming",   "months",   "analysts", "expect",  "further",
    "pledges",    "from",       "Germany",  "Poland",   "Korea",    "while",   "markets"};

class Generator {
 public:
  explicit Generator(unsigned seed) : m_random(seed) {}

  std::string sentence(int words) {
    std::string out;
    for (int i = 0; i < words; ++i) {
      if (i > 0) out += ' ';
      out += k_words[m_random() % k_words.size()];
    }
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out + '.';
  }

  // An article body as news sites publish it: paragraphs, links, emphasis, an image,
  // entities, now and then a list or a table.
  std::string article(int paragraphs) {
    std::string out;
    for (int p = 0; p < paragraphs; ++p) {
      out += "<p>" + sentence(12) + " <a href=\"https://news.example.org/story/" +
             std::to_string(m_random() % 100000) + "?utm_source=rss&amp;utm_medium=feed\">" +
             sentence(3) + "</a> &ldquo;" + sentence(8) + "&rdquo; <em>" + sentence(4) +
             "</em>&nbsp;&mdash; " + sentence(10) + "</p>\n";
      if (p == 1) {
        out += "<figure><img src=\"https://cdn.example.org/img/" +
               std::to_string(m_random() % 9999) + ".jpg\" alt=\"" + sentence(5) +
               "\" width=\"800\" height=\"450\"/><figcaption>" + sentence(6) +
               "</figcaption></figure>\n";
      }
      if (p == 3 && m_random() % 4 == 0) {
        out += "<ul><li>" + sentence(5) + "</li><li>" + sentence(6) + "</li></ul>\n";
      }
      if (p == 4 && m_random() % 10 == 0) {
        out += "<table><tr><td>" + sentence(2) + "</td><td>" + sentence(2) + "</td></tr></table>\n";
      }
    }
    return out;
  }

  std::string rss(int items, int paragraphs) {
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        "xmlns:media=\"http://search.yahoo.com/mrss/\" "
        "xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>Example News - "
        "World</title>\n"
        "<link>https://news.example.org/world</link>\n<description>World news</description>\n"
        "<atom:link href=\"https://news.example.org/world/rss.xml\" rel=\"self\" "
        "type=\"application/rss+xml\"/>\n<lastBuildDate>Mon, 30 Jan 2023 09:30:00 "
        "GMT</lastBuildDate>\n";
    for (int i = 0; i < items; ++i) {
      const std::string id = std::to_string(1000000 + i);
      const std::string body = article(paragraphs);
      out += "<item>\n<title>" + sentence(9) + "</title>\n<link>https://news.example.org/world/" +
             id + "</link>\n<guid isPermaLink=\"false\">world-" + id + "</guid>\n<pubDate>Mon, " +
             std::to_string(10 + i % 18) + " Jan 2023 0" + std::to_string(i % 10) +
             ":12:00 GMT</pubDate>\n<dc:creator>" + sentence(2) +
             "</dc:creator>\n<category>World</category>\n"
             "<description><![CDATA[" +
             sentence(25) + "]]></description>\n<content:encoded><![CDATA[" + body +
             "]]></content:encoded>\n<media:thumbnail url=\"https://cdn.example.org/t/" + id +
             ".jpg\" width=\"240\"/>\n</item>\n";
    }
    return out + "</channel>\n</rss>\n";
  }

 private:
  std::mt19937 m_random;
};

Figures measure_ours(const Workload& workload, double seconds) {
  std::size_t items_per_pass = 0;
  for (const auto& document : workload.documents) {
    items_per_pass += newsmon::feed::parse_feed(document.bytes).items.size();
  }
  std::size_t passes = 0;
  std::size_t checksum = 0;
  const double start = thread_seconds();
  double elapsed = 0;
  do {
    for (const auto& document : workload.documents) {
      checksum += newsmon::feed::parse_feed(document.bytes).items.size();
    }
    ++passes;
    elapsed = thread_seconds() - start;
  } while (elapsed < seconds);
  if (checksum != items_per_pass * passes) std::abort();
  return {static_cast<double>(workload.bytes() * passes) / elapsed / 1e6,
          static_cast<double>(items_per_pass * passes) / elapsed, items_per_pass};
}

void write_documents(const Workload& workload, const fs::path& folder) {
  fs::create_directories(folder);
  for (const auto& document : workload.documents) {
    std::ofstream(folder / document.name, std::ios::binary) << document.bytes;
  }
}

// Runs the Python side on the same files; it prints "MBps ITEMSps ITEMS".
Figures measure_feedparser(const std::string& script, const fs::path& folder, double seconds) {
  const std::string command =
      fmt::format("/usr/bin/python3 '{}' --seconds {} '{}'", script, seconds, folder.string());
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {};
  char line[256] = {};
  Figures figures;
  if (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::istringstream in(line);
    in >> figures.megabytes_per_second >> figures.items_per_second >> figures.items;
  }
  pclose(pipe);
  return figures;
}

Workload load_corpus(const fs::path& corpus) {
  Workload workload{"feedparser corpus", {}};
  if (corpus.empty() || !fs::is_directory(corpus)) return workload;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (entry.is_regular_file() && entry.path().extension() == ".xml")
      paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    auto bytes = newsmon::util::read_file(paths[i]);
    if (bytes) workload.documents.push_back({fmt::format("{:05}.xml", i), std::move(*bytes)});
  }
  return workload;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 2.0;
  std::string script;
  fs::path corpus;
  fs::path out = fs::temp_directory_path() / "newsmon-bench-parse";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--seconds") seconds = std::atof(argv[i + 1]);
    if (flag == "--feedparser-script") script = argv[i + 1];
    if (flag == "--corpus") corpus = argv[i + 1];
    if (flag == "--out") out = argv[i + 1];
  }

  Generator generator(20230130);
  std::vector<Workload> workloads;
  workloads.push_back({"typical feed (100 items)", {{"typical.xml", generator.rss(100, 6)}}});
  // Enough items for 5 MB; the generator is deterministic, so every run sees the same bytes.
  std::string large = generator.rss(1700, 6);
  while (large.size() < 5'000'000) large = generator.rss(2000, 6);
  workloads.push_back({"large feed", {{"large.xml", std::move(large)}}});
  if (Workload corpus_workload = load_corpus(corpus); !corpus_workload.documents.empty()) {
    workloads.push_back(std::move(corpus_workload));
  }

  fmt::print("{:<28} {:>9} {:>7} | {:>10} {:>11} | {:>10} {:>11} | {:>8}\n", "document", "size",
             "items", "newsmon", "", "feedparser", "", "speed-up");
  fmt::print("{:<28} {:>9} {:>7} | {:>10} {:>11} | {:>10} {:>11} | {:>8}\n", "", "", "", "MB/s",
             "items/s", "MB/s", "items/s", "");
  for (std::size_t i = 0; i < workloads.size(); ++i) {
    const Workload& workload = workloads[i];
    const Figures ours = measure_ours(workload, seconds);
    Figures theirs;
    if (!script.empty()) {
      const fs::path folder = out / std::to_string(i);
      fs::remove_all(folder);
      write_documents(workload, folder);
      theirs = measure_feedparser(script, folder, seconds);
    }
    const std::string size =
        workload.documents.size() == 1
            ? fmt::format("{:.1f} KB", static_cast<double>(workload.bytes()) / 1e3)
            : fmt::format("{} files", workload.documents.size());
    fmt::print("{:<28} {:>9} {:>7} | {:>10.1f} {:>11.0f} | {:>10.2f} {:>11.0f} | {:>7.0f}x\n",
               workload.name, size, ours.items, ours.megabytes_per_second, ours.items_per_second,
               theirs.megabytes_per_second, theirs.items_per_second,
               theirs.megabytes_per_second > 0
                   ? ours.megabytes_per_second / theirs.megabytes_per_second
                   : 0.0);
  }
  return 0;
}

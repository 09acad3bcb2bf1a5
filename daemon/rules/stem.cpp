#include "daemon/rules/stem.h"

#include <memory>
#include <stdexcept>
#include <unordered_map>

#include <libstemmer.h>

namespace newsmon::rules {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};
using Stemmer = std::unique_ptr<sb_stemmer, StemmerDeleter>;

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

// Enough for the working vocabulary of a busy news day; past it the memo starts over
// rather than growing without bound in a daemon that runs for months.
constexpr std::size_t k_memo_limit = 200'000;

class MemoStemmer {
 public:
  MemoStemmer() : m_stemmer(sb_stemmer_new("english", "UTF_8")) {
    if (!m_stemmer) throw std::runtime_error("libstemmer has no English stemmer");
  }

  const std::string& stem(std::string_view token) {
    const auto found = m_memo.find(token);
    if (found != m_memo.end()) return found->second;
    if (m_memo.size() >= k_memo_limit) m_memo.clear();
    const auto* symbols =
        sb_stemmer_stem(m_stemmer.get(), reinterpret_cast<const sb_symbol*>(token.data()),
                        static_cast<int>(token.size()));
    std::string stemmed =
        symbols == nullptr
            ? std::string(token)
            : std::string(reinterpret_cast<const char*>(symbols),
                          static_cast<std::size_t>(sb_stemmer_length(m_stemmer.get())));
    return m_memo.emplace(std::string(token), std::move(stemmed)).first->second;
  }

 private:
  Stemmer m_stemmer;
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> m_memo;
};

}  // namespace

const std::string& stem_english(std::string_view folded_token) {
  thread_local MemoStemmer stemmer;
  return stemmer.stem(folded_token);
}

}  // namespace newsmon::rules

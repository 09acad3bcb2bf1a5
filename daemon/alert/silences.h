#pragma once
// Silences as the router applies them: the active silences of the store with their
// queries compiled once, judged per story (time, feed, query) and then per rule and
// webhook (rule glob, topic, endpoint).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/rules/match.h"
#include "daemon/store/planning.h"
#include "daemon/util/result.h"

namespace newsmon::rules {
class RuleSet;
struct RuleSummary;
}  // namespace newsmon::rules

namespace newsmon::alert {

/// The silences that hold for one story: ask it per rule and webhook.
class SilenceScope {
 public:
  explicit SilenceScope(std::vector<const store::Silence*> silences)
      : m_silences(std::move(silences)) {}
  /// The first (oldest) silence holding the rule's match for the endpoint.
  std::optional<std::int64_t> holding(const store::AlertRule& rule,
                                      std::string_view endpoint) const;

 private:
  std::vector<const store::Silence*> m_silences;
};

/// A set of silences ready to apply. Immutable once built; cheap to share.
class Silences {
 public:
  Silences() = default;
  /// Compiles the queries of the silences. A silence whose query does not compile (the
  /// rule language changed since it was stored) holds nothing; its error is appended to
  /// `errors`.
  Silences(std::vector<store::Silence> silences, std::vector<util::Error>& errors);
  ~Silences();
  Silences(Silences&&) noexcept;
  Silences& operator=(Silences&&) noexcept;

  /// The silences active at `now` whose feed glob and query hold for the story.
  SilenceScope for_story(const rules::Story& story, std::string_view feed_url,
                         store::Epoch now) const;
  const std::vector<store::Silence>& list() const { return m_silences; }

 private:
  std::vector<store::Silence> m_silences;
  std::vector<std::shared_ptr<const rules::RuleSet>> m_queries;  ///< by silence; null: none
};

/// What a silence may name: the configuration's rules (disabled ones too), their topics,
/// its feeds' URLs as written and its webhooks' names.
struct SilenceNames {
  std::vector<std::string> rules;
  std::vector<std::string> topics;
  std::vector<std::string> feeds;
  std::vector<std::string> endpoints;
};

/// What the rules a silence may name declare, for SilenceNames.
SilenceNames silence_names(const std::vector<rules::RuleSummary>& rules,
                           std::vector<std::string> feeds, std::vector<std::string> endpoints);

/// How a caller names a matcher in its messages: "--rule" on the command line.
using MatcherLabel = std::function<std::string(std::string_view matcher)>;

/// The mistakes in a silence's matchers, one message each: none given; a rule or feed
/// glob, topic or webhook that matches nothing in `names` (with the closest name); a query
/// that does not compile. Empty when the silence can hold something. Matchers are named
/// "rule", "topic", "feed", "endpoint" and "query", as `label` says them.
std::vector<std::string> silence_mistakes(const store::SilenceMatchers& matchers,
                                          const SilenceNames& names, const MatcherLabel& label);

/// The compiled query of a silence, or an Error saying what is wrong and where: "OR needs
/// a term after it" with the query and a caret under the place.
util::Result<std::shared_ptr<const rules::RuleSet>> compile_silence_query(std::string_view query);

}  // namespace newsmon::alert

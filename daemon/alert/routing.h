#pragma once
// Which webhooks get a message about an alert, and when: the filters each endpoint sets
// on topics, rule ids and severity, follow-ups when a later copy of the story tells an
// endpoint something new, the backlog policy (old stories are stored, not sent), silences
// and digest windows. The store asks the Router inside its ingest transaction, so an alert
// and its deliveries are written together.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/alert/endpoint.h"
#include "daemon/alert/silences.h"
#include "daemon/rules/rule_set.h"
#include "daemon/store/planning.h"

namespace newsmon::alert {

/// Shell-style pattern over a whole text: '*' matches any run of characters (also none),
/// '?' exactly one; everything else matches itself.
bool glob_match(std::string_view pattern, std::string_view text);

/// Whether the endpoint wants a rule's matches. Every filter it sets must accept: one of
/// the rule's topics is among its topics; its rule globs accept the id (one plain glob
/// matches it, when there is one, and no "!glob" does); the rule is at least as severe as
/// its min_severity. A filter left empty accepts all.
bool wants(const Endpoint& endpoint, const store::AlertRule& rule);

/// What a delivery of these rules tells the endpoint: their ids, their topics (those in
/// the endpoint's `topics` when it sets them), the highest of their severities.
store::Notice notice_of(const Endpoint& endpoint,
                        const std::vector<const store::AlertRule*>& rules);

/// Whether `now` tells more than `before`: a topic it did not have, or a higher severity.
bool adds_to(const store::Notice& now, const store::Notice& before);

/// The end of the digest window `now` falls in: windows of `length` aligned to the epoch.
store::Epoch digest_window_end(std::chrono::seconds length, store::Epoch now);

struct RoutingPolicy {
  /// Stories published (or first seen, when they carry no date) longer ago than this are
  /// stored and matched but not sent. Zero: no limit. Default: 48 h.
  std::chrono::seconds max_age{48 * 3600};
};

/// The planner of every ingest: one delivery per endpoint that wants a rule of the alert,
/// when it has not been told, or when the alert now tells it more (a follow-up).
/// Deliveries of stories older than the policy's max_age are written as held (backlog),
/// as are those whose every wanted rule an active silence covers (silenced, naming it).
/// Holds references: the endpoints, policy and silences must outlive it.
class Router final : public store::DeliveryPlanner {
 public:
  Router(const std::vector<Endpoint>& endpoints, const RoutingPolicy& policy,
         const Silences& silences)
      : m_endpoints(endpoints), m_policy(policy), m_silences(silences) {}

  std::vector<store::PlannedDelivery> plan(const store::AlertContext& alert,
                                           store::Epoch now) const override;

 private:
  bool too_old(const store::AlertContext& alert, store::Epoch now) const;

  const std::vector<Endpoint>& m_endpoints;
  const RoutingPolicy& m_policy;
  const Silences& m_silences;
};

/// A filter of a webhook that matches nothing loaded.
struct FilterProblem {
  enum class Kind { topic, rule };
  Kind kind = Kind::topic;
  std::size_t index = 0;  ///< into the endpoint's topics or rule_globs
  std::string message;    ///< "topic 'arms_transfers' is no topic of any rule; did you mean ..."
};

/// The topics and rule globs of the endpoint that match no rule of `rules` (disabled
/// rules count: they are loaded), each with the closest name when one is near.
std::vector<FilterProblem> check_filters(const Endpoint& endpoint,
                                         const std::vector<rules::RuleSummary>& rules);

/// " (did you mean 'x'?)" for the candidate closest to `word`, or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace newsmon::alert

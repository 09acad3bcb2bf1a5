#pragma once
// Which webhooks want a match: the filters each endpoint sets on topics, rule ids and
// severity. The ingest pipeline calls this before storing a match, so the match and its
// deliveries are written together.

#include <string>
#include <string_view>
#include <vector>

#include "daemon/alert/endpoint.h"
#include "daemon/rules/match.h"
#include "daemon/store/store.h"

namespace newsmon::alert {

/// Shell-style pattern over a whole rule id: '*' matches any run of characters (also
/// none), '?' exactly one; everything else matches itself.
bool glob_match(std::string_view pattern, std::string_view text);

/// Whether the endpoint wants the match. Every filter it sets must accept: one of the
/// match's topics is among its topics; one of its rule globs matches the rule id; the
/// match is at least as severe as its min_severity. A filter left empty accepts all.
bool wants(const Endpoint& endpoint, const rules::Match& match);

/// The names of the endpoints that want the match, in configuration order.
std::vector<std::string> route(const std::vector<Endpoint>& endpoints, const rules::Match& match);

/// Every match paired with the endpoints that want it (possibly none: the match is still
/// stored and shown by `newsmon alerts`).
std::vector<store::PlannedMatch> plan_deliveries(const std::vector<Endpoint>& endpoints,
                                                 std::vector<rules::Match> matches);

}  // namespace newsmon::alert

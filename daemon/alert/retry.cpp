#include "daemon/alert/retry.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/util/crypto.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"

namespace newsmon::alert {
namespace {

using std::chrono::seconds;

std::uint64_t random_seed() {
  std::uint64_t seed = 0;
  const std::string bytes = util::random_bytes(sizeof seed);
  for (const char byte : bytes) seed = (seed << 8) | static_cast<unsigned char>(byte);
  return seed;
}

// Discord answers 429 with {"retry_after": 1.5, ...} in seconds.
std::optional<seconds> json_retry_after(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  const auto found = json.find("retry_after");
  if (found == json.end() || !found->is_number() || found->get<double>() < 0) return std::nullopt;
  return seconds(static_cast<std::int64_t>(std::ceil(found->get<double>())));
}

std::optional<seconds> retry_after_of(const fetch::Response& response, Epoch now) {
  if (response.status != 429 && response.status != 503) return std::nullopt;
  std::optional<seconds> wait;
  if (const auto header = response.header("retry-after")) wait = parse_retry_after(*header, now);
  if (!wait && response.status == 429) wait = json_retry_after(response.body);
  if (wait) wait = std::clamp(*wait, seconds(1), k_max_retry_after);
  return wait;
}

std::string describe(const fetch::Response& response) {
  if (!answered(response)) {
    return response.error.empty() ? fetch::outcome_name(response.outcome) : response.error;
  }
  std::string text = fmt::format("HTTP {}", response.status);
  if (response.status >= 300 && response.status < 400) {
    text += " (a redirect: webhooks are not redirected; configure the final URL)";
  }
  // Receivers often say why they refused; one line of it helps, and must stay printable.
  std::string said = util::truncate_utf8(util::repair_utf8(util::trim(response.body)), 200);
  for (char& character : said) {
    if (character == '\n' || character == '\r' || character == '\t') character = ' ';
  }
  if (!said.empty()) text += ": " + said;
  return text;
}

}  // namespace

Jitter::Jitter(double fraction, std::uint64_t seed)
    : m_fraction(fraction), m_random(seed == 0 ? random_seed() : seed) {}

seconds Jitter::apply(seconds delay) {
  if (m_fraction <= 0 || delay.count() == 0) return delay;
  std::uniform_real_distribution<double> factor(1 - m_fraction, 1 + m_fraction);
  return seconds(std::llround(static_cast<double>(delay.count()) * factor(m_random)));
}

bool answered(const fetch::Response& response) {
  return response.outcome == fetch::Outcome::completed ||
         (response.outcome == fetch::Outcome::too_large && response.status != 0);
}

Decision decide(const std::vector<seconds>& schedule, int attempts, const fetch::Response& response,
                Epoch now, Jitter& jitter) {
  const bool got_answer = answered(response);
  if (got_answer && response.status >= 200 && response.status < 300) {
    return {Verdict::delivered, 0, std::nullopt, {}};
  }
  Decision decision;
  decision.error = describe(response);
  if (got_answer && response.status == 410) {
    decision.verdict = Verdict::endpoint_gone;
    return decision;
  }
  const auto index = static_cast<std::size_t>(std::max(attempts, 1) - 1);
  if (index >= schedule.size()) {
    decision.verdict = Verdict::dead;
    decision.error += fmt::format("; gave up after {} attempts", attempts);
    return decision;
  }
  if (const auto wait = got_answer ? retry_after_of(response, now) : std::nullopt) {
    decision.next_attempt_at = now + wait->count();
    decision.pause_endpoint_until = decision.next_attempt_at;
  } else {
    decision.next_attempt_at = now + jitter.apply(schedule[index]).count();
  }
  decision.verdict = Verdict::retry;
  return decision;
}

}  // namespace newsmon::alert

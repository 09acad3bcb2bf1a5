#include "daemon/store/poll_result.h"

namespace newsmon::store {

const char* poll_result_name(PollResult result) {
  switch (result) {
    case PollResult::ok: return "ok";
    case PollResult::not_modified: return "not_modified";
    case PollResult::http_error: return "http_error";
    case PollResult::throttled: return "throttled";
    case PollResult::timeout: return "timeout";
    case PollResult::too_large: return "too_large";
    case PollResult::connect_failed: return "connect_failed";
    case PollResult::tls_error: return "tls_error";
    case PollResult::bad_url: return "bad_url";
    case PollResult::redirect_loop: return "redirect_loop";
    case PollResult::protocol_error: return "protocol_error";
    case PollResult::html_page: return "html_page";
    case PollResult::not_a_feed: return "not_a_feed";
    case PollResult::internal_error: return "internal_error";
    case PollResult::cancelled: return "cancelled";
  }
  return "ok";
}

const char* poll_result_name(const std::optional<PollResult>& result) {
  return result ? poll_result_name(*result) : "";
}

// Read back through poll_result_name(), so the names live in one place.
std::optional<PollResult> parse_poll_result(std::string_view name) {
  for (std::size_t i = 0; i < k_poll_result_count; ++i) {
    const auto result = static_cast<PollResult>(i);
    if (name == poll_result_name(result)) return result;
  }
  return std::nullopt;
}

}  // namespace newsmon::store

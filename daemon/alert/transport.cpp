#include "daemon/alert/transport.h"

namespace newsmon::alert {

const char* transport_outcome_name(TransportOutcome outcome) {
  switch (outcome) {
    case TransportOutcome::response: return "response";
    case TransportOutcome::timeout: return "timeout";
    case TransportOutcome::connect_failed: return "connect_failed";
    case TransportOutcome::failed: return "failed";
    case TransportOutcome::cancelled: return "cancelled";
  }
  return "failed";
}

std::optional<std::string> WebhookResponse::header(std::string_view name) const {
  std::optional<std::string> value;
  for (const auto& [key, text] : headers) {
    if (key == name) value = text;
  }
  return value;
}

}  // namespace newsmon::alert

#include "daemon/alert/endpoint.h"

namespace newsmon::alert {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

}  // namespace

const char* format_name(Format format) {
  return k_format_names.name_of(format);
}

std::vector<seconds> default_retry_schedule() {
  return {seconds(5), minutes(5), minutes(30), hours(2), hours(5), hours(10), hours(10)};
}

const std::vector<seconds>& retry_schedule_of(const Endpoint& endpoint) {
  static const std::vector<seconds> k_default = default_retry_schedule();
  return endpoint.retry_schedule.empty() ? k_default : endpoint.retry_schedule;
}

double effective_rate(const Endpoint& endpoint) {
  if (endpoint.max_per_second > 0) return endpoint.max_per_second;
  switch (endpoint.format) {
    case Format::slack: return 1.0;
    case Format::discord: return 0.5;
    case Format::json:
    case Format::teams: return 0;
  }
  return 0;
}

}  // namespace newsmon::alert

#include "daemon/util/log.h"

#include <cstdio>
#include <memory>
#include <mutex>

#include <spdlog/sinks/base_sink.h>

namespace newsmon::util {
namespace {

// Writes "<N>message\n" to stderr, N being the syslog priority of the spdlog level.
class PrioritySink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    spdlog::memory_buf_t line;
    fmt::format_to(std::back_inserter(line), "<{}>", priority(message.level));
    line.append(message.payload.begin(), message.payload.end());
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }

 private:
  static int priority(spdlog::level::level_enum level) {
    switch (level) {
      case spdlog::level::trace:
      case spdlog::level::debug: return 7;
      case spdlog::level::info: return 6;
      case spdlog::level::warn: return 4;
      case spdlog::level::err: return 3;
      case spdlog::level::critical: return 2;
      default: return 6;
    }
  }
};

spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return spdlog::level::debug;
    case LogLevel::info: return spdlog::level::info;
    case LogLevel::warning: return spdlog::level::warn;
    case LogLevel::error: return spdlog::level::err;
  }
  return spdlog::level::info;
}

}  // namespace

Result<LogLevel> parse_log_level(std::string_view text) {
  return k_log_level_names.parse(text);
}

void init_logging(LogLevel level) {
  static std::once_flag installed;
  std::call_once(installed, [] {
    auto logger = std::make_shared<spdlog::logger>("newsmon", std::make_shared<PrioritySink>());
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
  });
  spdlog::set_level(to_spdlog(level));
}

}  // namespace newsmon::util

#include "daemon/util/log.h"

#include <sys/stat.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <utility>

#include <spdlog/sinks/base_sink.h>

namespace newsmon::util {
namespace {

enum class LineForm { plain, journal };

// Writes one line per message to stderr: "<N>message" for the journal, N being the syslog
// priority of the spdlog level; "message" or "warning: message" for a person.
class StderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit StderrSink(LineForm form) : m_form(form) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    spdlog::memory_buf_t line;
    if (m_form == LineForm::journal) {
      // journald reads a stream line by line: each line of a message (a diagnostic's
      // source line and caret) carries the priority, or it would be filed as info.
      const auto prefix = fmt::format("<{}>", priority(message.level));
      line.append(prefix.data(), prefix.data() + prefix.size());
      for (const char c : std::string_view(message.payload.data(), message.payload.size())) {
        line.push_back(c);
        if (c == '\n') line.append(prefix.data(), prefix.data() + prefix.size());
      }
    } else {
      const std::string_view label = plain_label(message.level);
      line.append(label.data(), label.data() + label.size());
      line.append(message.payload.begin(), message.payload.end());
    }
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

  static std::string_view plain_label(spdlog::level::level_enum level) {
    switch (level) {
      case spdlog::level::warn: return "warning: ";
      case spdlog::level::err:
      case spdlog::level::critical: return "error: ";
      default: return "";
    }
  }

  LineForm m_form;
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

bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  struct stat status {};
  if (stream == nullptr || ::fstat(STDERR_FILENO, &status) != 0) return false;
  return fmt::format("{}:{}", static_cast<unsigned long long>(status.st_dev),
                     static_cast<unsigned long long>(status.st_ino)) == stream;
}

void init_logging(LogLevel level) {
  static std::once_flag installed;
  std::call_once(installed, [] {
    const LineForm form = stderr_is_journal() ? LineForm::journal : LineForm::plain;
    auto logger = std::make_shared<spdlog::logger>("newsmon", std::make_shared<StderrSink>(form));
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
  });
  spdlog::set_level(to_spdlog(level));
}

std::optional<std::uint64_t> LogThrottle::admit(TimePoint now) {
  std::lock_guard lock(m_mutex);
  if (m_last && now - *m_last < m_interval) {
    ++m_held_back;
    return std::nullopt;
  }
  m_last = now;
  return std::exchange(m_held_back, 0);
}

std::optional<std::uint64_t> LogThrottle::clear() {
  std::lock_guard lock(m_mutex);
  if (!m_last) return std::nullopt;
  m_last.reset();
  return std::exchange(m_held_back, 0);
}

}  // namespace newsmon::util

// The configuration file, read from a private folder (so relative includes stay in it).

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

#include "daemon/app/config.h"
#include "tests/fuzz/fuzz.h"

namespace newsmon::fuzz {
namespace {

// A private folder per process, removed when the process ends normally.
class ConfigFolder {
 public:
  ConfigFolder()
      : m_folder(std::filesystem::temp_directory_path() /
                 ("newsmon-fuzz-config-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(m_folder);
  }
  ~ConfigFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(m_folder, ignored);
  }
  ConfigFolder(const ConfigFolder&) = delete;
  ConfigFolder& operator=(const ConfigFolder&) = delete;

  std::filesystem::path config() const { return m_folder / "newsmon.yaml"; }

 private:
  std::filesystem::path m_folder;
};

const std::filesystem::path& config_path() {
  static const ConfigFolder folder;
  static const std::filesystem::path path = folder.config();
  return path;
}

}  // namespace

void app_config(std::string_view input) {
  quiet_logs();
  {
    std::ofstream file(config_path(), std::ios::binary | std::ios::trunc);
    file.write(input.data(), static_cast<std::streamsize>(input.size()));
  }
  const app::ConfigResult loaded = app::load_config(config_path());
  for (const auto& error : loaded.errors) {
    require(error.line >= 0 && error.column >= 0 && !error.message.empty(),
            "a configuration error has a place and a message");
    (void)error.format();
  }
}

}  // namespace newsmon::fuzz

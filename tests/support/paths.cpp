#include "tests/support/paths.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "daemon/util/crypto.h"

namespace newsmon::test {

std::filesystem::path source_dir() {
  return NEWSMON_SOURCE_DIR;
}

std::filesystem::path data_dir() {
  return source_dir() / "tests" / "data";
}

std::filesystem::path newsmon_executable() {
  return NEWSMON_EXECUTABLE;
}

std::filesystem::path shared_dir_or_skip() {
  std::filesystem::path shared;
  if (const char* configured = std::getenv("NEWSMON_SHARED_DIR")) {
    shared = configured;
  } else {
    shared = source_dir().parent_path() / "shared";
  }
  if (!std::filesystem::is_directory(shared / "corpus")) {
    std::fprintf(stderr,
                 "SKIPPED: this test needs the shared corpus at %s (set NEWSMON_SHARED_DIR to "
                 "point elsewhere); a plain clone does not have it.\n",
                 shared.string().c_str());
    std::fflush(stderr);
    std::_Exit(77);
  }
  return shared;
}

TempDir::TempDir() {
  const auto base = std::filesystem::temp_directory_path();
  m_path = base / ("newsmon-test-" + util::hex_encode(util::random_bytes(8)));
  std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path());
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) {
    throw std::runtime_error("cannot write " + path.string());
  }
}

}  // namespace newsmon::test

#pragma once
// Where tests find the project, the built binary, the shared corpus, and a scratch folder.

#include <filesystem>
#include <string>

namespace newsmon::test {

/// The source checkout.
std::filesystem::path source_dir();
/// tests/data in the source checkout.
std::filesystem::path data_dir();
/// The built newsmon executable.
std::filesystem::path newsmon_executable();

/// The shared corpus folder (../shared beside the checkout, or $NEWSMON_SHARED_DIR).
/// When it is absent — a user's clone has none — prints why and ends the test process
/// with the code CTest reports as "skipped".
std::filesystem::path shared_dir_or_skip();

/// A fresh folder under the system temporary folder, removed with everything in it
/// when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

/// Writes text to a file, creating parent folders.
void write_file(const std::filesystem::path& path, const std::string& text);

}  // namespace newsmon::test

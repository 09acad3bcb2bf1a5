#include "bench/match/packs.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

namespace newsmon::bench {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

/// Every rule file under `from` rewritten by `rewrite` into the same place under `to`.
template <typename Rewrite>
void copy_rules(const fs::path& from, const fs::path& to, Rewrite&& rewrite) {
  for (const auto& entry : fs::recursive_directory_iterator(from)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    write_file(to / fs::relative(entry.path(), from), rewrite(read_file(entry.path())));
  }
}

bool starts_key(const std::string& line, std::string_view key) {
  const auto indent = line.find_first_not_of(' ');
  return indent != std::string::npos && line.compare(indent, key.size(), key) == 0;
}

// The rules without `extract:` and the event conditions that need it (each on one line
// in the packs).
std::string without_extraction(const std::string& text) {
  std::istringstream lines(text);
  std::string out;
  for (std::string line; std::getline(lines, line);) {
    if (starts_key(line, "extract:") || starts_key(line, "event:")) continue;
    out += line + '\n';
  }
  return out;
}

void emit_doubled(YAML::Emitter& out, const YAML::Node& entries) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const auto& entry : entries) out << entry.as<std::string>();
  for (const auto& entry : entries) {
    const auto text = entry.as<std::string>();
    if (!text.starts_with('$')) out << synthetic_entry(text);
  }
  out << YAML::EndSeq;
}

// The `lists:` section with every list doubled; the `rules:` section as written, so
// its anchors and layout stay.
std::string with_doubled_lists(const std::string& text) {
  const YAML::Node document = YAML::Load(text);
  const auto rules_at = text.find("\nrules:");
  const std::string rules = rules_at == std::string::npos ? "" : text.substr(rules_at + 1);
  if (!document["lists"]) return text;
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "lists" << YAML::Value << YAML::BeginMap;
  for (const auto& list : document["lists"]) {
    out << YAML::Key << list.first.as<std::string>() << YAML::Value;
    if (list.second.IsSequence()) {
      emit_doubled(out, list.second);
      continue;
    }
    out << YAML::BeginMap;
    for (const auto& field : list.second) {
      out << YAML::Key << field.first.as<std::string>() << YAML::Value;
      if (field.first.as<std::string>() == "terms") {
        emit_doubled(out, field.second);
      } else {
        out << field.second;
      }
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap << YAML::EndMap;
  return std::string(out.c_str()) + "\n" + rules;
}

}  // namespace

std::string synthetic_entry(const std::string& entry) {
  std::string out = entry;
  std::size_t from = out.starts_with("cased:") ? 6 : 0;
  for (std::size_t i = from; i < out.size(); ++i) {
    const char c = out[i];
    if (c >= 'a' && c <= 'z') out[i] = static_cast<char>('a' + (c - 'a' + 7) % 26);
    if (c >= 'A' && c <= 'Z') out[i] = static_cast<char>('A' + (c - 'A' + 7) % 26);
  }
  return out;
}

std::vector<RuleVariant> pack_variants(const fs::path& rules, const fs::path& dir,
                                       const std::string& generated_yaml) {
  copy_rules(rules, dir / "no-extract", without_extraction);
  copy_rules(rules, dir / "doubled", with_doubled_lists);
  write_file(dir / "generated" / "generated.yaml", generated_yaml);
  return {
      {"packs", {rules}},
      {"packs, no extraction", {dir / "no-extract"}},
      {"packs, lists doubled", {dir / "doubled"}},
      {"packs + 1,000 rules", {rules, dir / "generated"}},
  };
}

}  // namespace newsmon::bench

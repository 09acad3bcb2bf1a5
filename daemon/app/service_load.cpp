// What the service reads at start and on reload, the configuration and the rules, with
// whatever goes wrong while reading them turned into errors that refuse the reload.

#include <new>

#include <fmt/format.h>

#include "daemon/app/service.h"
#include "daemon/rules/rule_set.h"
#include "daemon/util/diagnostic.h"

namespace newsmon::app {

// A reload reads files that may be anything: whatever goes wrong refuses the reload.
ConfigResult load_config_safely(const std::filesystem::path& path) {
  try {
    return load_config(path);
  } catch (const std::exception& exception) {
    ConfigResult result;
    result.errors.push_back(util::Diagnostic{
        path, 0, 0, fmt::format("reading the configuration failed: {}", exception.what()), {}});
    return result;
  }
}

// The rules, and the webhooks' filters checked against them: errors of either.
rules::LoadResult load_checked_rules(const RuleCompiler& compiler, const Config& config) {
  auto loaded = compile_rules(compiler, config);
  if (loaded.errors.empty()) loaded.errors = check_routing(config, loaded.summaries);
  if (!loaded.errors.empty()) loaded.rules.reset();
  return loaded;
}

rules::LoadResult compile_rules(const RuleCompiler& compiler, const Config& config) {
  const auto options = rule_load_options(config);
  const std::filesystem::path where = config.rules.empty() ? config.path : config.rules.front();
  const auto failed = [&](std::string message) {
    rules::LoadResult result;
    result.errors.push_back(util::Diagnostic{where, 0, 0, std::move(message), {}});
    return result;
  };
  try {
    return compiler ? compiler(config.rules, options) : rules::load_rules(config.rules, options);
  } catch (const std::bad_alloc&) {
    return failed(fmt::format(
        "not enough memory to compile the rules (rules.max_compiled is {} MiB; the service's "
        "MemoryMax= or the machine allows less): shorten the lists used by many rules, or "
        "give newsmon more memory",
        config.rules_max_compiled >> 20));
  } catch (const std::exception& exception) {
    return failed(fmt::format("compiling the rules failed: {}", exception.what()));
  }
}

}  // namespace newsmon::app

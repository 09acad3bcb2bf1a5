#pragma once
// Reading what a browser sends: the path and query of a request target, form bodies
// (application/x-www-form-urlencoded) and cookies.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace newsmon::web {

/// Decodes %XX and '+' (as space); a malformed escape is kept as written.
std::string url_decode(std::string_view text);

/// Name/value pairs of a query string or form body; the first of a repeated name counts.
class Form {
 public:
  Form() = default;
  /// Parses "a=1&b=two+words".
  static Form parse(std::string_view encoded);

  /// The value, or an empty string when absent.
  std::string get(const std::string& name) const;
  std::optional<std::string> find(const std::string& name) const;
  bool has(const std::string& name) const { return m_values.count(name) != 0; }
  /// Sets a value (replacing one given).
  void set(const std::string& name, std::string value) { m_values[name] = std::move(value); }
  const std::map<std::string, std::string>& values() const { return m_values; }
  /// The pairs with a non-empty value, encoded again, in name order.
  std::string encode() const;

 private:
  std::map<std::string, std::string> m_values;
};

/// A request target split into its path and its query.
struct Target {
  std::string path;  ///< decoded
  Form query;
};
Target parse_target(std::string_view target);

/// The value of one cookie in a Cookie header; nullopt when it is not there.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

}  // namespace newsmon::web

#include "daemon/web/form.h"

#include "daemon/util/text.h"
#include "daemon/web/html.h"

namespace newsmon::web {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Form Form::parse(std::string_view encoded) {
  Form form;
  for (const auto piece : util::split(encoded, '&')) {
    if (piece.empty()) continue;
    const auto equals = piece.find('=');
    auto name = url_decode(piece.substr(0, equals));
    auto value =
        equals == std::string_view::npos ? std::string() : url_decode(piece.substr(equals + 1));
    form.m_values.emplace(std::move(name), std::move(value));
  }
  return form;
}

std::string Form::get(const std::string& name) const {
  return find(name).value_or(std::string());
}

std::optional<std::string> Form::find(const std::string& name) const {
  const auto found = m_values.find(name);
  if (found == m_values.end()) return std::nullopt;
  return found->second;
}

std::string Form::encode() const {
  std::string out;
  for (const auto& [name, value] : m_values) {
    if (value.empty()) continue;
    if (!out.empty()) out += '&';
    out += url_encode(name) + '=' + url_encode(value);
  }
  return out;
}

Target parse_target(std::string_view target) {
  const auto question = target.find('?');
  Target parsed;
  parsed.path = url_decode(target.substr(0, question));
  if (question != std::string_view::npos) parsed.query = Form::parse(target.substr(question + 1));
  return parsed;
}

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  for (const auto piece : util::split(header, ';')) {
    const auto pair = util::trim(piece);
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    if (pair.substr(0, equals) == name) return std::string(pair.substr(equals + 1));
  }
  return std::nullopt;
}

}  // namespace newsmon::web

#include "daemon/feed/xml_text.h"

#include <optional>
#include <string>

#include "daemon/feed/parse.h"
#include "daemon/feed/text.h"
#include "daemon/util/crypto.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"

namespace newsmon::feed {
namespace {

enum class Kind { text, html, xhtml, base64 };

std::string_view local_name(std::string_view qualified) {
  const auto colon = qualified.find(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

void append_escaped(std::string& out, std::string_view text, bool attribute) {
  for (char c : text) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (attribute && c == '"') {
      out += "&quot;";
    } else {
      out += c;
    }
  }
}

// Inline XHTML back to markup, namespace prefixes and declarations dropped, so that
// <xhtml:p> reads as <p>. Iterative: content may nest deeply.
void serialise_children(pugi::xml_node parent, std::string& out) {
  struct Frame {
    pugi::xml_node node;
    bool closing;
  };
  std::vector<Frame> stack;
  for (auto child = parent.last_child(); child; child = child.previous_sibling()) {
    stack.push_back({child, false});
  }
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    const pugi::xml_node node = frame.node;
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
      append_escaped(out, node.value(), false);
      continue;
    }
    if (node.type() != pugi::node_element) continue;
    const std::string_view name = local_name(node.name());
    if (frame.closing) {
      out += "</";
      out += name;
      out += '>';
      continue;
    }
    out += '<';
    out += name;
    for (const auto& attribute : node.attributes()) {
      const std::string_view attribute_name = attribute.name();
      if (attribute_name.substr(0, 5) == "xmlns") continue;
      out += ' ';
      out += local_name(attribute_name);
      out += "=\"";
      append_escaped(out, attribute.value(), true);
      out += '"';
    }
    out += '>';
    stack.push_back({node, true});
    for (auto child = node.last_child(); child; child = child.previous_sibling()) {
      stack.push_back({child, false});
    }
  }
}

bool has_element_children(pugi::xml_node element) {
  for (auto child = element.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) return true;
  }
  return false;
}

// Atom's xhtml content sits in one wrapping <div> that is not part of the content.
pugi::xml_node unwrap_div(pugi::xml_node element) {
  pugi::xml_node only;
  for (auto child = element.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_pcdata && util::trim(child.value()).empty()) continue;
    if (only || child.type() != pugi::node_element) return element;
    only = child;
  }
  return (only && local_name(only.name()) == "div") ? only : element;
}

Kind kind_of(pugi::xml_node element, DefaultType default_type, std::string_view text) {
  const std::string type = util::to_lower_ascii(util::trim(element.attribute("type").value()));
  const std::string mode = util::to_lower_ascii(util::trim(element.attribute("mode").value()));
  if (has_element_children(element)) return Kind::xhtml;
  if (mode == "base64") return Kind::base64;
  if (type == "xhtml" || type == "application/xhtml+xml") return Kind::html;
  if (type == "html" || type == "text/html" || mode == "escaped") return Kind::html;
  if (type == "text" || type == "text/plain" || type == "plain") return Kind::text;
  if (!type.empty() && !type.starts_with("text/") && !type.ends_with("xml")) {
    return Kind::base64;
  }
  if (!type.empty()) return Kind::text;
  switch (default_type) {
    case DefaultType::text: return Kind::text;
    case DefaultType::html: return Kind::html;
    case DefaultType::guess: return may_contain_markup(text) ? Kind::html : Kind::text;
  }
  return Kind::text;
}

TextConstruct from_html(std::string html) {
  TextConstruct out;
  out.plain = html_to_text(html);
  out.html = std::move(html);
  return out;
}

TextConstruct from_text(std::string_view text) {
  return {clean_text(text), escape_html(text)};
}

}  // namespace

std::string element_text(pugi::xml_node element) {
  std::string out;
  for (auto child = element.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out += child.value();
    }
  }
  return out;
}

TextConstruct read_text_construct(pugi::xml_node element, DefaultType default_type) {
  std::string text = element_text(element);
  if (auto restored = undo_double_encoding(text)) text = std::move(*restored);
  switch (kind_of(element, default_type, text)) {
    case Kind::xhtml: {
      std::string html;
      serialise_children(unwrap_div(element), html);
      return from_html(std::move(html));
    }
    case Kind::html: return from_html(std::move(text));
    case Kind::text: return from_text(text);
    case Kind::base64: {
      auto decoded = util::base64_decode(text, util::Base64Input::lenient);
      if (!decoded) return from_text(text);
      std::erase(*decoded, '\0');  // decoded bytes may hold any byte; text never holds NUL
      std::string valid =
          util::is_valid_utf8(*decoded) ? std::move(*decoded) : util::repair_utf8(*decoded);
      const std::string type = util::to_lower_ascii(element.attribute("type").value());
      if (type == "text/plain" || type == "text") return from_text(valid);
      return from_html(std::move(valid));
    }
  }
  return from_text(text);
}

}  // namespace newsmon::feed

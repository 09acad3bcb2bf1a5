#include "daemon/feed/date.h"

#include <array>
#include <cstdlib>
#include <string>
#include <vector>

#include "daemon/util/ascii.h"
#include "daemon/util/text.h"

namespace newsmon::feed {
namespace {

struct DateFields {
  int year = -1;
  int month = -1;
  int day = -1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset_minutes = 0;  // east of UTC
};

struct NamedValue {
  std::string_view name;
  int value;
};

// Month names after accent folding and lower-casing, in the seven languages.
constexpr NamedValue k_months[] = {
    {"jan", 1},        {"january", 1},   {"janv", 1},       {"janvier", 1},   {"januar", 1},
    {"janner", 1},     {"enero", 1},     {"ene", 1},        {"gennaio", 1},   {"gen", 1},
    {"januari", 1},    {"janeiro", 1},   {"feb", 2},        {"february", 2},  {"fevr", 2},
    {"fev", 2},        {"fevrier", 2},   {"februar", 2},    {"febrero", 2},   {"febbraio", 2},
    {"februari", 2},   {"fevereiro", 2}, {"mar", 3},        {"march", 3},     {"mars", 3},
    {"marz", 3},       {"maerz", 3},     {"marzo", 3},      {"maart", 3},     {"mrt", 3},
    {"marco", 3},      {"apr", 4},       {"april", 4},      {"avr", 4},       {"avril", 4},
    {"abril", 4},      {"abr", 4},       {"aprile", 4},     {"may", 5},       {"mai", 5},
    {"mayo", 5},       {"maggio", 5},    {"mag", 5},        {"mei", 5},       {"maio", 5},
    {"jun", 6},        {"june", 6},      {"juin", 6},       {"juni", 6},      {"junio", 6},
    {"giugno", 6},     {"giu", 6},       {"junho", 6},      {"jul", 7},       {"july", 7},
    {"juil", 7},       {"juillet", 7},   {"juli", 7},       {"julio", 7},     {"luglio", 7},
    {"lug", 7},        {"julho", 7},     {"aug", 8},        {"august", 8},    {"aout", 8},
    {"agosto", 8},     {"ago", 8},       {"augustus", 8},   {"sep", 9},       {"sept", 9},
    {"september", 9},  {"septembre", 9}, {"septiembre", 9}, {"setiembre", 9}, {"settembre", 9},
    {"set", 9},        {"setembro", 9},  {"oct", 10},       {"october", 10},  {"octobre", 10},
    {"oktober", 10},   {"okt", 10},      {"octubre", 10},   {"ottobre", 10},  {"ott", 10},
    {"outubro", 10},   {"out", 10},      {"nov", 11},       {"november", 11}, {"novembre", 11},
    {"noviembre", 11}, {"novembro", 11}, {"dec", 12},       {"december", 12}, {"decembre", 12},
    {"dezember", 12},  {"dez", 12},      {"diciembre", 12}, {"dic", 12},      {"dicembre", 12},
    {"dezembro", 12}};

// Zone names in minutes east of UTC. IST is India's (the most common in news feeds).
constexpr NamedValue k_zones[] = {
    {"ut", 0},     {"utc", 0},     {"gmt", 0},     {"z", 0},      {"wet", 0},    {"west", 60},
    {"bst", 60},   {"ist", 330},   {"cet", 60},    {"cest", 120}, {"met", 60},   {"mest", 120},
    {"mez", 60},   {"mesz", 120},  {"eet", 120},   {"eest", 180}, {"msk", 180},  {"est", -300},
    {"edt", -240}, {"et", -300},   {"cst", -360},  {"cdt", -300}, {"ct", -360},  {"mst", -420},
    {"mdt", -360}, {"mt", -420},   {"pst", -480},  {"pdt", -420}, {"pt", -480},  {"ast", -240},
    {"adt", -180}, {"akst", -540}, {"akdt", -480}, {"hst", -600}, {"nst", -210}, {"ndt", -150},
    {"jst", 540},  {"kst", 540},   {"hkt", 480},   {"sgt", 480},  {"awst", 480}, {"acst", 570},
    {"acdt", 630}, {"aest", 600},  {"aedt", 660},  {"nzst", 720}, {"nzdt", 780}, {"sast", 120},
    {"wat", 60},   {"cat", 120},   {"eat", 180},   {"pkt", 300},  {"ict", 420},  {"wib", 420},
    {"pht", 480},  {"brt", -180},  {"art", -180},  {"clt", -240}, {"idt", 180},  {"irst", 210}};

template <std::size_t N>
std::optional<int> lookup(const NamedValue (&table)[N], std::string_view name) {
  for (const auto& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

// Saturates at 9,999,999: a longer number is out of range for every date field anyway, and
// the callers' arithmetic on it (minutes times 60) stays within an int.
int to_int(std::string_view digits) {
  constexpr int k_saturated = 9'999'999;
  int value = 0;
  for (char c : digits) {
    value = value * 10 + (c - '0');
    if (value >= k_saturated) return k_saturated;
  }
  return value;
}

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> k_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : k_days[static_cast<std::size_t>(month - 1)];
}

std::optional<std::int64_t> to_epoch(const DateFields& f) {
  if (f.year < 1 || f.year > 9999 || f.month < 1 || f.month > 12 || f.day < 1 ||
      f.day > days_in_month(f.year, f.month) || f.hour < 0 || f.hour > 24 || f.minute < 0 ||
      f.minute > 59 || f.second < 0 || f.second > 60 ||
      (f.hour == 24 && (f.minute != 0 || f.second != 0)) || f.offset_minutes < -24 * 60 ||
      f.offset_minutes > 24 * 60) {
    return std::nullopt;
  }
  const std::int64_t days =
      days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
  return days * 86400 + f.hour * 3600 + f.minute * 60 + f.second -
         static_cast<std::int64_t>(f.offset_minutes) * 60;
}

int two_digit_year(int year) {
  return year < 50 ? 2000 + year : 1900 + year;
}

// ---- RFC 3339, ISO 8601, W3C-DTF ----

class Cursor {
 public:
  explicit Cursor(std::string_view text) : m_text(text) {}
  bool done() const { return m_position >= m_text.size(); }
  char peek() const { return done() ? '\0' : m_text[m_position]; }
  bool accept(char c) {
    if (peek() != c) return false;
    ++m_position;
    return true;
  }
  /// Exactly `count` digits, or nullopt (and nothing consumed).
  std::optional<int> digits(std::size_t count) {
    if (m_position + count > m_text.size()) return std::nullopt;
    for (std::size_t i = 0; i < count; ++i) {
      if (!util::is_ascii_digit(m_text[m_position + i])) return std::nullopt;
    }
    const int value = to_int(m_text.substr(m_position, count));
    m_position += count;
    return value;
  }
  void skip_digits() {
    while (util::is_ascii_digit(peek())) ++m_position;
  }
  void skip_spaces() {
    while (peek() == ' ') ++m_position;
  }
  std::string_view rest() const { return m_text.substr(std::min(m_position, m_text.size())); }

 private:
  std::string_view m_text;
  std::size_t m_position = 0;
};

// "+02:00", "+0200", "+02", "Z", "GMT", "CEST": minutes east of UTC.
std::optional<int> parse_zone(std::string_view text) {
  if (text.empty()) return 0;
  if (text[0] == '+' || text[0] == '-') {
    Cursor cursor(text.substr(1));
    const auto hours = cursor.digits(2);
    if (!hours) return std::nullopt;
    int minutes = 0;
    if (!cursor.done()) {
      cursor.accept(':');
      const auto parsed = cursor.digits(2);
      if (!parsed || !cursor.done()) return std::nullopt;
      minutes = *parsed;
    }
    const int total = *hours * 60 + minutes;
    return text[0] == '-' ? -total : total;
  }
  return lookup(k_zones, util::to_lower_ascii(text));
}

bool parse_iso_time(Cursor& cursor, DateFields& fields) {
  const auto hour = cursor.digits(2);
  if (!hour) return false;
  fields.hour = *hour;
  const bool extended = cursor.accept(':');
  if (auto minute = cursor.digits(2)) {
    fields.minute = *minute;
    if (!extended || cursor.accept(':')) {
      if (auto second = cursor.digits(2)) fields.second = *second;
    }
  } else if (extended) {
    return false;
  }
  if (cursor.accept('.') || cursor.accept(',')) cursor.skip_digits();
  return true;
}

std::optional<std::int64_t> parse_iso(std::string_view text) {
  Cursor cursor(text);
  DateFields fields;
  const auto year = cursor.digits(4);
  if (!year) return std::nullopt;
  fields.year = *year;
  fields.month = 1;
  fields.day = 1;
  if (cursor.accept('-')) {
    const auto month = cursor.digits(2);
    if (!month) return std::nullopt;
    fields.month = *month;
    if (cursor.accept('-')) {
      const auto day = cursor.digits(2);
      if (!day) return std::nullopt;
      fields.day = *day;
    }
  } else if (auto month = cursor.digits(2)) {
    const auto day = cursor.digits(2);
    if (!day) return std::nullopt;
    fields.month = *month;
    fields.day = *day;
  } else if (!cursor.done()) {
    return std::nullopt;
  }
  if (cursor.accept('T') || cursor.accept('t') || cursor.accept(' ')) {
    if (!parse_iso_time(cursor, fields)) return std::nullopt;
  }
  cursor.skip_spaces();
  const auto zone = parse_zone(cursor.rest());
  if (!zone) return std::nullopt;
  fields.offset_minutes = *zone;
  return to_epoch(fields);
}

// ---- RFC 822, asctime and written-out dates in several languages ----

// Lower-cases ASCII and folds the accented Latin-1 letters month names use.
std::string fold_word(std::string_view word) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c < 0x80) {
      out += util::to_lower_ascii(static_cast<char>(c));
      continue;
    }
    if (c != 0xC3 || i + 1 >= word.size()) {
      out += '?';
      continue;
    }
    const auto next = static_cast<unsigned char>(word[++i]) & 0xDF;  // to the capital's byte
    constexpr std::string_view k_latin1_folds = "aaaaaaaceeeeiiii?nooooo?ouuuuy?s";
    const std::size_t index = next >= 0x80 && next <= 0x9F ? next - 0x80 : 31;
    out += k_latin1_folds[index];
  }
  return out;
}

struct WordDate {
  DateFields fields;
  bool pm = false;
  bool am = false;
  bool has_zone = false;
};

bool is_word_byte(char c) {
  return util::is_ascii_alpha(c) || static_cast<unsigned char>(c) >= 0x80;
}
bool is_hour_mark(char c) {
  return c == 'h' || c == 'H';
}

// "14:30", "14:30:05", "14:30:05.123", "14h30": hours, minutes, seconds.
bool read_time(std::string_view token, DateFields& fields) {
  int parts[3] = {0, 0, 0};
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < token.size() && count < 3) {
    const std::size_t start = i;
    while (i < token.size() && util::is_ascii_digit(token[i])) ++i;
    if (i == start || i - start > 2) return false;
    parts[count++] = to_int(token.substr(start, i - start));
    if (i == token.size() || (token[i] != ':' && !is_hour_mark(token[i]))) break;
    ++i;
  }
  if (i < token.size() && (token[i] == '.' || token[i] == ',') && count == 3) {
    ++i;
    while (i < token.size() && util::is_ascii_digit(token[i])) ++i;
  }
  if (i != token.size()) return false;
  fields.hour = parts[0];
  fields.minute = parts[1];
  fields.second = parts[2];
  return true;
}

void read_number(std::string_view digits, WordDate& date) {
  if (digits.size() == 4 && date.fields.year < 0) {
    date.fields.year = to_int(digits);
  } else if (digits.size() <= 2 && date.fields.day < 0) {
    date.fields.day = to_int(digits);
  } else if (digits.size() <= 2 && date.fields.year < 0) {
    date.fields.year = two_digit_year(to_int(digits));
  }
}

void read_word(std::string_view word, WordDate& date) {
  const std::string folded = fold_word(word);
  if (auto month = lookup(k_months, folded)) {
    date.fields.month = *month;  // the last month name wins: day names come first
  } else if (folded == "pm") {
    date.pm = true;
  } else if (folded == "am") {
    date.am = true;
  } else if (auto zone = lookup(k_zones, folded); zone && !date.has_zone) {
    date.fields.offset_minutes = *zone;
    date.has_zone = true;
  }
}

// "+0200", "-05:00", "+2" (as in "GMT+2"): minutes east of UTC.
std::optional<int> read_offset(std::string_view token) {
  const std::string_view digits = token.substr(1);
  int minutes = 0;
  if (const auto colon = digits.find(':'); colon != std::string_view::npos) {
    minutes = to_int(digits.substr(0, colon)) * 60 + to_int(digits.substr(colon + 1));
  } else if (digits.size() <= 2) {
    minutes = to_int(digits) * 60;
  } else if (digits.size() == 4) {
    minutes = to_int(digits.substr(0, 2)) * 60 + to_int(digits.substr(2));
  } else {
    return std::nullopt;
  }
  return token[0] == '-' ? -minutes : minutes;
}

// A token starting with a digit: a time, an hour ("14h"), or a number. Returns its end.
std::optional<std::size_t> read_digits_token(std::string_view text, std::size_t i, WordDate& date) {
  std::size_t end = i;
  bool is_time = false;
  while (end < text.size()) {
    const char c = text[end];
    const bool mark = c == ':' || (is_hour_mark(c) && end + 1 < text.size() &&
                                   util::is_ascii_digit(text[end + 1]));
    if (!util::is_ascii_digit(c) && !mark) break;
    is_time = is_time || mark;
    ++end;
  }
  if (is_time && end + 1 < text.size() && (text[end] == '.' || text[end] == ',') &&
      util::is_ascii_digit(text[end + 1])) {
    ++end;
    while (end < text.size() && util::is_ascii_digit(text[end])) ++end;
  }
  const auto token = text.substr(i, end - i);
  if (is_time) {
    if (!read_time(token, date.fields)) return std::nullopt;
    return end;
  }
  if (end < text.size() && is_hour_mark(text[end]) &&
      (end + 1 == text.size() || !is_word_byte(text[end + 1])) && token.size() <= 2) {
    date.fields.hour = to_int(token);  // "14h"
    return end + 1;
  }
  read_number(token, date);
  return end;
}

// Reads every token it recognises into `date`; false when a token is malformed.
bool scan_tokens(std::string_view text, WordDate& date) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    std::size_t end = i + 1;
    if (util::is_ascii_digit(c)) {
      const auto next = read_digits_token(text, i, date);
      if (!next) return false;
      end = *next;
    } else if ((c == '+' || c == '-') && end < text.size() && util::is_ascii_digit(text[end])) {
      while (end < text.size() && (util::is_ascii_digit(text[end]) || text[end] == ':')) ++end;
      const auto offset = read_offset(text.substr(i, end - i));
      if (!offset) return false;
      date.fields.offset_minutes = *offset;
      date.has_zone = true;
    } else if (is_word_byte(c)) {
      while (end < text.size() && is_word_byte(text[end])) ++end;
      read_word(text.substr(i, end - i), date);
    }
    i = end;
  }
  if (date.pm && date.fields.hour < 12) date.fields.hour += 12;
  if (date.am && date.fields.hour == 12) date.fields.hour = 0;
  return true;
}

std::optional<std::int64_t> parse_words(std::string_view text) {
  WordDate date;
  if (!scan_tokens(text, date)) return std::nullopt;
  if (date.fields.month < 0 || date.fields.day < 0 || date.fields.year < 0) return std::nullopt;
  return to_epoch(date.fields);
}

// ---- all-numeric forms ----

// "2024/03/05 14:30:00 EDT", "05.03.2024 14:30", "03/05/2024": slashes with the year
// first or last (month first when ambiguous, as in the US), dots day first.
std::optional<std::int64_t> parse_numeric(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() &&
         (util::is_ascii_digit(text[end]) || text[end] == '/' || text[end] == '.'))
    ++end;
  const std::string_view date_part = text.substr(0, end);
  const char separator = date_part.find('/') != std::string_view::npos ? '/' : '.';
  const auto pieces = util::split(date_part, separator);
  if (pieces.size() != 3) return std::nullopt;
  for (auto piece : pieces) {
    if (piece.empty() || piece.size() > 4) return std::nullopt;
    for (char c : piece) {
      if (!util::is_ascii_digit(c)) return std::nullopt;
    }
  }
  WordDate date;
  if (pieces[0].size() == 4) {
    date.fields.year = to_int(pieces[0]);
    date.fields.month = to_int(pieces[1]);
    date.fields.day = to_int(pieces[2]);
  } else if (pieces[2].size() == 4 || pieces[2].size() == 2) {
    date.fields.year =
        pieces[2].size() == 4 ? to_int(pieces[2]) : two_digit_year(to_int(pieces[2]));
    int day = to_int(pieces[0]);
    int month = to_int(pieces[1]);
    if (separator == '/' && day <= 12) std::swap(day, month);
    date.fields.day = day;
    date.fields.month = month;
  } else {
    return std::nullopt;
  }
  if (!scan_tokens(text.substr(end), date)) return std::nullopt;
  return to_epoch(date.fields);
}

// ---- Unix timestamps ----

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  if (whole.empty()) return std::nullopt;
  for (char c : whole) {
    if (!util::is_ascii_digit(c)) return std::nullopt;
  }
  if (dot != std::string_view::npos) {
    for (char c : text.substr(dot + 1)) {
      if (!util::is_ascii_digit(c)) return std::nullopt;
    }
  }
  const std::int64_t value = std::strtoll(std::string(whole).c_str(), nullptr, 10);
  if (whole.size() == 9 || whole.size() == 10) return value;
  if (whole.size() == 13 && dot == std::string_view::npos) return value / 1000;
  return std::nullopt;
}

}  // namespace

Date parse_date(std::string_view text) {
  Date date;
  const std::string_view trimmed = util::trim(text);
  date.raw = std::string(trimmed);
  if (trimmed.empty()) return date;
  std::optional<std::int64_t> epoch = parse_timestamp(trimmed);
  if (!epoch) epoch = parse_iso(trimmed);
  if (!epoch) epoch = parse_numeric(trimmed);
  if (!epoch) epoch = parse_words(trimmed);
  date.status = epoch ? DateStatus::parsed : DateStatus::unreadable;
  if (epoch) date.epoch_seconds = *epoch;
  return date;
}

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

}  // namespace newsmon::feed

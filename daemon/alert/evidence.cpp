#include "daemon/alert/evidence.h"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include "daemon/util/ascii.h"
#include "daemon/util/function_words.h"
#include "daemon/util/text.h"
#include "daemon/util/utf8.h"

namespace newsmon::alert {
namespace {

using rules::Field;
using rules::Hit;

constexpr std::string_view k_ellipsis = "…";
// How much of the sentence before its first hit a cut keeps, in bytes.
constexpr std::size_t k_lead = 60;

bool is_function_hit(const Hit& hit) {
  return util::is_function_word(util::to_lower_ascii(util::trim(hit.text)));
}

bool overlaps(const Hit& a, const Hit& b) {
  return a.field == b.field && a.start < b.end && b.start < a.end;
}

bool is_continuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

std::size_t characters(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char byte) { return !is_continuation(byte); }));
}

std::string_view field_text(const rules::Story& story, Field field) {
  switch (field) {
    case Field::title: return story.title;
    case Field::summary: return story.summary;
    case Field::content: return story.content;
  }
  return story.title;
}

// Whether the period at `dot` ends a sentence: not after a single letter ("S. Korea") or
// inside an abbreviation with periods ("U.S. forces").
bool ends_sentence(std::string_view text, std::size_t dot) {
  std::size_t word = dot;
  while (word > 0 && util::is_ascii_alpha(text[word - 1])) --word;
  if (dot - word == 1) return false;
  return !(word > 0 && text[word - 1] == '.');
}

struct Sentence {
  std::size_t start = 0;
  std::size_t end = 0;
};

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The sentence [start, end) without the white space around it, when anything is left.
void add_sentence(std::string_view text, std::size_t start, std::size_t end,
                  std::vector<Sentence>& sentences) {
  while (start < end && is_blank(text[start])) ++start;
  while (end > start && is_blank(text[end - 1])) --end;
  if (start < end) sentences.push_back({start, end});
}

std::vector<Sentence> sentences_of(std::string_view text) {
  std::vector<Sentence> sentences;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool boundary = c == '\n' || ((c == '.' || c == '!' || c == '?') && i + 1 < text.size() &&
                                        text[i + 1] == ' ' && (c != '.' || ends_sentence(text, i)));
    if (!boundary) continue;
    add_sentence(text, start, i + 1, sentences);
    start = i + 1;
  }
  add_sentence(text, start, text.size(), sentences);
  return sentences;
}

struct Candidate {
  Field field = Field::title;
  Sentence sentence;
  std::vector<const Hit*> hits;
  std::size_t score = 0;
};

Candidate score(Field field, Sentence sentence, const std::vector<Hit>& hits) {
  Candidate candidate{field, sentence, {}, 0};
  std::set<std::string> terms;
  for (const auto& hit : hits) {
    if (hit.field == field && hit.start >= sentence.start && hit.end <= sentence.end) {
      candidate.hits.push_back(&hit);
      terms.insert(util::to_lower_ascii(hit.text));
    }
  }
  candidate.score = terms.size() * 1000 + candidate.hits.size();
  return candidate;
}

// The best sentence: summary, then content, then title; the first of equals.
std::optional<Candidate> best_sentence(const rules::Story& story, const std::vector<Hit>& hits) {
  std::optional<Candidate> best;
  for (const Field field : {Field::summary, Field::content, Field::title}) {
    for (const auto sentence : sentences_of(field_text(story, field))) {
      auto candidate = score(field, sentence, hits);
      if (candidate.score > 0 && (!best || candidate.score > best->score)) best = candidate;
    }
    if (best) return best;  // a title repeats the headline: only when nothing else has hits
  }
  return best;
}

// Moves back to the start of a UTF-8 character.
std::size_t char_start(std::string_view text, std::size_t position) {
  while (position > 0 && position < text.size() && is_continuation(text[position])) --position;
  return position;
}

// The part of [begin, end) of text that fits the snippet, starting a little before the
// first hit, cut at spaces where possible.
Sentence fit(std::string_view text, Sentence sentence, std::size_t first_hit) {
  const std::string_view whole = text.substr(sentence.start, sentence.end - sentence.start);
  if (characters(whole) <= k_snippet_characters) return sentence;
  std::size_t begin = first_hit > sentence.start + k_lead ? first_hit - k_lead : sentence.start;
  if (begin > sentence.start) {
    const auto space = text.find(' ', begin);
    begin =
        space != std::string_view::npos && space < first_hit ? space + 1 : char_start(text, begin);
  }
  std::size_t end = begin;
  std::size_t count = begin > sentence.start ? 1 : 0;  // the leading ellipsis
  while (end < sentence.end && count < k_snippet_characters - 1) {
    end += std::max<std::size_t>(1, util::utf8_sequence_length(text.substr(end)));
    ++count;
  }
  end = std::min(end, sentence.end);
  if (end < sentence.end) {
    const auto space = text.rfind(' ', end);
    if (space != std::string_view::npos && space > first_hit) end = space;
  }
  return {begin, end};
}

}  // namespace

std::vector<Hit> clean_hits(std::vector<Hit> hits) {
  std::erase_if(hits, [](const Hit& hit) { return hit.end <= hit.start || is_function_hit(hit); });
  // The longest first, so that what overlaps it is dropped.
  std::stable_sort(hits.begin(), hits.end(),
                   [](const Hit& a, const Hit& b) { return a.end - a.start > b.end - b.start; });
  std::vector<Hit> kept;
  for (auto& hit : hits) {
    const bool covered = std::any_of(kept.begin(), kept.end(),
                                     [&](const Hit& other) { return overlaps(hit, other); });
    if (!covered) kept.push_back(std::move(hit));
  }
  std::sort(kept.begin(), kept.end(), [](const Hit& a, const Hit& b) {
    return std::tie(a.field, a.start) < std::tie(b.field, b.start);
  });
  return kept;
}

store::Snippet snippet_of(const rules::Story& story, const std::vector<Hit>& cleaned_hits) {
  store::Snippet snippet;
  const auto best = best_sentence(story, cleaned_hits);
  if (!best) return snippet;
  const std::string_view text = field_text(story, best->field);
  const Sentence part = fit(text, best->sentence, best->hits.front()->start);
  snippet.field = best->field;
  const bool cut_before = part.start > best->sentence.start;
  const bool cut_after = part.end < best->sentence.end;
  if (cut_before) snippet.text = k_ellipsis;
  const std::size_t shift = snippet.text.size();
  snippet.text += text.substr(part.start, part.end - part.start);
  if (cut_after) snippet.text += k_ellipsis;
  for (const auto* hit : best->hits) {
    if (hit->start >= part.start && hit->end <= part.end) {
      snippet.highlights.push_back(
          {hit->start - part.start + shift, hit->end - part.start + shift});
    }
  }
  return snippet;
}

}  // namespace newsmon::alert

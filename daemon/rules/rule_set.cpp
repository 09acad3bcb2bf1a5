#include "daemon/rules/rule_set.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "daemon/rules/analysis.h"
#include "daemon/rules/evaluator.h"
#include "daemon/rules/rule_events.h"

namespace newsmon::rules::detail {
namespace {

std::string describe_hits(const std::vector<Hit>& hits) {
  std::string out;
  for (const Hit& hit : hits) {
    if (!out.empty()) out += ", ";
    out += fmt::format("\"{}\" ({} {}-{})", hit.text, field_name(hit.field), hit.start, hit.end);
  }
  return out;
}

// The events of one story, extracted on first use, once per kind.
class StoryEvents {
 public:
  StoryEvents(const Vocabulary& vocabulary, const Story& story)
      : m_vocabulary(vocabulary), m_story(story) {}

  const std::vector<Event>& of(ExtractKind kind) {
    auto& events = m_events[static_cast<std::size_t>(kind)];
    if (!events) events = extract_events(m_vocabulary, kind, m_story);
    return *events;
  }

 private:
  const Vocabulary& m_vocabulary;
  const Story& m_story;
  std::array<std::optional<std::vector<Event>>, 3> m_events;
};

// Keeps a match whose rule has an event condition only when one of the story's events
// meets it; with explanations, says which event did, or why none did.
bool meets(const EventCondition& condition, ExtractKind kind, Match& match, Explain explain) {
  for (std::size_t i = 0; i < match.events.size(); ++i) {
    if (!condition.met_by(match.events[i])) continue;
    if (explain == Explain::yes) {
      match.event_condition = fmt::format("event {} meets {}: {}", i + 1, condition.text(),
                                          event_line(match.events[i]));
    }
    return true;
  }
  if (explain == Explain::no) return false;
  std::string why = fmt::format("the story reports no {} event", extract_kind_name(kind));
  if (!match.events.empty()) {
    why = "no event meets it: ";
    for (std::size_t i = 0; i < match.events.size(); ++i) {
      if (i > 0) why += "; ";
      why += fmt::format("event {} {}: {}", i + 1, event_line(match.events[i]),
                         condition.why_not(match.events[i]));
    }
  }
  match.removed.push_back(fmt::format("event condition {}: {}", condition.text(), why));
  return false;
}

class CompiledRuleSet final : public RuleSet {
 public:
  CompiledRuleSet(Program program, RuleEvents events)
      : m_program(std::move(program)), m_events(std::move(events)) {}

  std::vector<Match> match(const Story& story, Explain explain,
                           std::vector<Match>* dropped) const override {
    const Analysis analysis(m_program, story);
    Evaluator evaluator(m_program, analysis, explain);
    StoryEvents events(*m_events.vocabulary, story);
    std::vector<Match> matches;
    for (const RuleIndex index : candidates(analysis)) {
      auto result = evaluate(index, story, evaluator, events, explain, dropped);
      if (result) matches.push_back(std::move(*result));
    }
    return matches;
  }

  std::vector<Event> extract(ExtractKind kind, const Story& story) const override {
    return extract_events(*m_events.vocabulary, kind, story);
  }

  std::size_t rule_count() const override { return m_program.rules.size(); }

  std::vector<std::string> rule_ids() const override {
    std::vector<std::string> ids;
    ids.reserve(m_program.rules.size());
    for (const auto& rule : m_program.rules) ids.push_back(rule.id);
    return ids;
  }

  RuleSetStats stats() const override {
    return RuleSetStats{m_program.rules.size(), m_program.dictionary.size(),
                        m_program.always.size()};
  }

  std::vector<TestFailure> run_tests() const override {
    std::vector<TestFailure> failures;
    for (RuleIndex index = 0; index < m_program.rules.size(); ++index) {
      for (const Example& example : m_program.rules[index].examples) {
        if (auto failure = run_example(index, example)) failures.push_back(std::move(*failure));
      }
    }
    return failures;
  }

 private:
  // The rules a story can match: those whose every anchor set has a pattern in the
  // story, and those with no anchor set, in rule order. The work is proportional to
  // the postings of the patterns that occurred, whatever the number of rules.
  std::vector<RuleIndex> candidates(const Analysis& analysis) const {
    // Which patterns occurred, as bits; set and cleared per story, kept per thread.
    thread_local std::vector<std::uint64_t> present;
    const std::size_t words = (m_program.dictionary.size() + 63) / 64;
    if (present.size() < words) present.resize(words, 0);
    const auto mark = [&](PatternId pattern, bool on) {
      auto& word = present[pattern / 64];
      const auto bit = std::uint64_t{1} << (pattern % 64);
      word = on ? (word | bit) : (word & ~bit);
    };
    for (const PatternOccurrence& occurrence : analysis.occurrences) mark(occurrence.pattern, true);
    const auto occurred = [&](PatternId pattern) {
      return (present[pattern / 64] >> (pattern % 64)) & 1u;
    };
    std::vector<RuleIndex> selected;
    const PatternOccurrence* previous = nullptr;
    for (const PatternOccurrence& occurrence : analysis.occurrences) {
      if (previous && previous->pattern == occurrence.pattern) continue;
      previous = &occurrence;
      for (const RuleIndex rule : m_program.anchored[occurrence.pattern]) {
        const auto& sets = m_program.other_sets[rule];
        if (std::all_of(sets.begin(), sets.end(), [&](const std::vector<PatternId>& set) {
              return std::any_of(set.begin(), set.end(), occurred);
            })) {
          selected.push_back(rule);
        }
      }
    }
    for (const PatternOccurrence& occurrence : analysis.occurrences)
      mark(occurrence.pattern, false);
    std::sort(selected.begin(), selected.end());
    selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
    selected.insert(selected.end(), m_program.always.begin(), m_program.always.end());
    std::inplace_merge(selected.begin(),
                       selected.end() - static_cast<long>(m_program.always.size()), selected.end());
    return selected;
  }

  std::optional<Match> evaluate(RuleIndex index, const Story& story, Evaluator& evaluator,
                                StoryEvents& events, Explain explain,
                                std::vector<Match>* dropped) const {
    const CompiledRule& rule = m_program.rules[index];
    evaluator.begin_rule(rule);
    evaluator.use_masks(true);
    std::vector<Occurrence>& occurrences = evaluator.top_buffer();
    if (!evaluator.evaluate(rule.query, rule.fields, &occurrences)) {
      if (explain == Explain::yes && dropped && !evaluator.removed().empty()) {
        evaluator.use_masks(false);
        if (evaluator.evaluate(rule.query, rule.fields, nullptr)) {
          dropped->push_back(make_match(rule, story, {}, evaluator));
        }
      }
      return std::nullopt;
    }
    evaluator.use_masks(false);
    for (const Labelled& exception : rule.exceptions) {
      std::vector<Occurrence> found;
      if (!evaluator.evaluate(exception.expr, k_all_fields, &found)) continue;
      if (explain == Explain::yes && dropped) {
        Match match = make_match(rule, story, evaluator.hits_of(occurrences, story), evaluator);
        match.removed.push_back(fmt::format("exception \"{}\" matched {}", exception.text,
                                            describe_hits(evaluator.hits_of(found, story))));
        dropped->push_back(std::move(match));
      }
      return std::nullopt;
    }
    Match match = make_match(rule, story, evaluator.hits_of(occurrences, story), evaluator);
    if (explain == Explain::no) match.removed.clear();
    if (rule.extract != ExtractKind::none) match.events = events.of(rule.extract);
    const auto& condition = m_events.conditions[index];
    if (condition && !meets(*condition, rule.extract, match, explain)) {
      if (explain == Explain::yes && dropped) dropped->push_back(std::move(match));
      return std::nullopt;
    }
    return match;
  }

  static Match make_match(const CompiledRule& rule, const Story&, std::vector<Hit> hits,
                          const Evaluator& evaluator) {
    Match match;
    match.rule_id = rule.id;
    match.rule_title = rule.title;
    match.topics = rule.topics;
    match.severity = rule.severity;
    match.hits = std::move(hits);
    match.suppress = rule.suppress;
    match.removed.assign(evaluator.removed().begin(), evaluator.removed().end());
    return match;
  }

  std::optional<TestFailure> run_example(RuleIndex index, const Example& example) const {
    const Story story{example.title, example.summary, example.content};
    const Analysis analysis(m_program, story);
    Evaluator evaluator(m_program, analysis, Explain::yes);
    StoryEvents events(*m_events.vocabulary, story);
    std::vector<Match> dropped;
    const auto result = evaluate(index, story, evaluator, events, Explain::yes, &dropped);
    const CompiledRule& rule = m_program.rules[index];
    const std::string text = example.title.empty() ? example.summary : example.title;
    if (example.expect_match && !result) {
      std::string why;
      if (!dropped.empty()) why = ": " + util_join(dropped.front().removed);
      return TestFailure{example.where, fmt::format("rule '{}' should match \"{}\" but does not{}",
                                                    rule.id, text, why)};
    }
    if (!example.expect_match && result) {
      return TestFailure{example.where,
                         fmt::format("rule '{}' should not match \"{}\" but does, on {}", rule.id,
                                     text, describe_hits(result->hits))};
    }
    return std::nullopt;
  }

  static std::string util_join(const std::vector<std::string>& pieces) {
    std::string out;
    for (const auto& piece : pieces) {
      if (!out.empty()) out += "; ";
      out += piece;
    }
    return out;
  }

  Program m_program;
  RuleEvents m_events;
};

}  // namespace

std::shared_ptr<const RuleSet> make_rule_set(Program program, RuleEvents events) {
  return std::make_shared<const CompiledRuleSet>(std::move(program), std::move(events));
}

}  // namespace newsmon::rules::detail

namespace newsmon::rules {

std::vector<TestFailure> run_rule_tests(const RuleSet& rules) {
  return rules.run_tests();
}

}  // namespace newsmon::rules

#include "daemon/rules/rule_set.h"

#include <algorithm>

#include <fmt/format.h>

#include "daemon/rules/analysis.h"
#include "daemon/rules/evaluator.h"
#include "daemon/rules/extract_sentence.h"
#include "daemon/rules/rule_events.h"

namespace newsmon::rules::detail {
namespace {

// Stories up to this size leave their buffers to the next story on the thread.
constexpr std::size_t k_keep_buffers_below = 1 << 20;

std::string describe_hits(const std::vector<Hit>& hits) {
  std::string out;
  for (const Hit& hit : hits) {
    if (!out.empty()) out += ", ";
    out += fmt::format("\"{}\" ({} {}-{})", hit.text, field_name(hit.field), hit.start, hit.end);
  }
  return out;
}

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
      : m_program(std::move(program)), m_events(std::move(events)) {
    m_other_sets.reserve(m_program.other_sets.size());
    for (const auto& sets : m_program.other_sets) {
      auto& masks = m_other_sets.emplace_back();
      for (const auto& set : sets) masks.push_back(PatternMask::of(set));
    }
  }

  std::vector<Match> match(const Story& story, Explain explain,
                           std::vector<Match>* dropped) const override {
    // The buffers of the last story, reused: a thread that matches story after story
    // allocates nothing but the matches it returns.
    thread_local Scratch scratch;
    scratch.analysis.analyse(m_program, story);
    scratch.evaluator.reset(m_program, scratch.analysis, explain);
    scratch.events.clear();
    scratch.split = false;
    std::vector<Match> matches;
    const auto& selected = candidates(scratch);
    for (const RuleIndex index : selected) {
      auto result = evaluate(index, story, scratch, explain, dropped);
      if (!result) continue;
      // Room for every selected rule: one allocation holds all the story's matches.
      if (matches.empty()) matches.reserve(selected.size());
      matches.push_back(std::move(*result));
    }
    // A rare huge story would otherwise keep its buffers for the life of the thread.
    if (story.title.size() + story.summary.size() + story.content.size() > k_keep_buffers_below) {
      scratch = Scratch{};
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

  std::vector<RuleDescription> describe() const override {
    std::vector<RuleDescription> out;
    out.reserve(m_program.rules.size());
    for (const auto& rule : m_program.rules) out.push_back(describe_rule(rule));
    return out;
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
  /// What matching one story needs besides the program, kept per thread.
  struct Scratch {
    Analysis analysis;
    Evaluator evaluator;
    std::vector<RuleIndex> selected;
    std::uint64_t story = 0;             ///< counts the stories matched on this thread
    std::vector<std::uint64_t> checked;  ///< by rule: the last story that checked it
    /// The events of the story by kind, extracted once for all the rules that ask.
    std::vector<std::pair<ExtractKind, std::vector<Event>>> events;
    /// The story's sentences, split once for every kind extracted (when `split`); the
    /// buffers are kept from story to story.
    StorySentences sentences;
    bool split = false;
  };

  // The rules a story can match: those whose every anchor set has a pattern in the
  // story, and those with no anchor set, in rule order. The work is proportional to
  // the postings of the patterns that occurred, whatever the number of rules.
  const std::vector<RuleIndex>& candidates(Scratch& scratch) const {
    const Analysis& analysis = scratch.analysis;
    std::vector<RuleIndex>& selected = scratch.selected;
    selected.clear();
    ++scratch.story;
    if (scratch.checked.size() < m_program.rules.size()) {
      scratch.checked.resize(m_program.rules.size(), 0);
    }
    // A set shares a pattern with the story when its bitmap meets the story's: a list of
    // states may hold hundreds of patterns, a few words of the bitmap.
    const auto shares = [&](const PatternMask& set) { return analysis.occurs_any(set); };
    for (const PatternId pattern : analysis.patterns()) {
      for (const RuleIndex rule : m_program.anchored[pattern]) {
        // Several of a rule's anchors often occur in one story: it is checked once.
        if (scratch.checked[rule] == scratch.story) continue;
        scratch.checked[rule] = scratch.story;
        const auto& sets = m_other_sets[rule];
        if (std::all_of(sets.begin(), sets.end(), shares)) selected.push_back(rule);
      }
    }
    std::sort(selected.begin(), selected.end());
    selected.insert(selected.end(), m_program.always.begin(), m_program.always.end());
    std::inplace_merge(selected.begin(),
                       selected.end() - static_cast<long>(m_program.always.size()), selected.end());
    return selected;
  }

  /// The events of the story, extracted on the first call for each kind. The extractor
  /// reads the whole story, so every rule that asks for the same kind gets the same events.
  const std::vector<Event>& events_of(Scratch& scratch, ExtractKind kind,
                                      const Story& story) const {
    for (const auto& [done, events] : scratch.events) {
      if (done == kind) return events;
    }
    if (!scratch.split) {
      const auto& fields = scratch.analysis.fields;
      split_story_into(*m_events.vocabulary, story,
                       {&fields[0].buffer, &fields[1].buffer, &fields[2].buffer},
                       scratch.sentences);
      scratch.split = true;
    }
    scratch.events.emplace_back(kind,
                                extract_events(*m_events.vocabulary, kind, scratch.sentences));
    return scratch.events.back().second;
  }

  std::optional<Match> evaluate(RuleIndex index, const Story& story, Scratch& scratch,
                                Explain explain, std::vector<Match>* dropped) const {
    Evaluator& evaluator = scratch.evaluator;
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
      // An exception's places are only shown in explanations.
      std::vector<Occurrence>& found = evaluator.exception_buffer();
      if (!evaluator.evaluate(exception.expr, k_all_fields,
                              explain == Explain::yes ? &found : nullptr)) {
        continue;
      }
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
    if (rule.extract != ExtractKind::none) match.events = events_of(scratch, rule.extract, story);
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
    Scratch scratch;
    scratch.analysis.analyse(m_program, story);
    scratch.evaluator.reset(m_program, scratch.analysis, Explain::yes);
    std::vector<Match> dropped;
    const auto result = evaluate(index, story, scratch, Explain::yes, &dropped);
    const CompiledRule& rule = m_program.rules[index];
    const std::string text = example.title.empty() ? example.summary : example.title;
    if (example.expect_match && !result) {
      std::string why;
      if (!dropped.empty()) why = ": " + util_join(dropped.front().removed);
      return TestFailure{
          example.where,
          fmt::format("rule '{}' should match \"{}\" but does not{}", rule.id, text, why), rule.id};
    }
    if (!example.expect_match && result) {
      return TestFailure{example.where,
                         fmt::format("rule '{}' should not match \"{}\" but does, on {}", rule.id,
                                     text, describe_hits(result->hits)),
                         rule.id};
    }
    return std::nullopt;
  }

  static RuleDescription describe_rule(const CompiledRule& rule) {
    RuleDescription out{rule.id,      rule.title,      rule.desc, rule.topics, rule.severity,
                        {},           rule.query_text, {},        {},          rule.examples.size(),
                        rule.location};
    for (const Field field : {Field::title, Field::summary, Field::content}) {
      if (rule.fields & field_bit(field)) out.fields.push_back(field_name(field));
    }
    for (const auto& mask : rule.masks) out.masks.push_back(mask.text);
    for (const auto& exception : rule.exceptions) out.exceptions.push_back(exception.text);
    return out;
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
  /// By rule: Program::other_sets as bitmaps.
  std::vector<std::vector<PatternMask>> m_other_sets;
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

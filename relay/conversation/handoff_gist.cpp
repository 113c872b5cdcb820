#include "relay/conversation/handoff_gist.hpp"

#include <algorithm>

namespace baton {
namespace {

constexpr std::size_t unanswered_shown = 3;

std::optional<Message> message_at(StoreTx& tx, std::string_view session_id, std::uint64_t seq) {
  auto found = tx.messages().after(session_id, seq - 1, 1);
  if (found.empty() || found[0].seq != seq) return std::nullopt;
  return found[0];
}

}  // namespace

std::vector<std::string> extractive_gist(StoreTx& tx, std::string_view session_id) {
  std::vector<std::string> lines;
  std::uint64_t first_seq = 0;
  for (const auto& m : tx.messages().after(session_id, 0, 100)) {
    if (m.author == Author::visitor && !m.text.empty()) {
      lines.push_back("Asked first: " + m.text);
      first_seq = m.seq;
      break;
    }
  }
  std::vector<std::string> unanswered;
  for (const auto& turn : tx.assistant().recent(session_id, 50)) {
    if (turn.outcome != AssistantOutcome::unsure || turn.question_seq == first_seq) continue;
    if (auto question = message_at(tx, session_id, turn.question_seq)) unanswered.push_back(question->text);
    if (unanswered.size() == unanswered_shown) break;
  }
  bool first_unanswered = false;
  for (const auto& turn : tx.assistant().recent(session_id, 50)) {
    if (turn.question_seq == first_seq) first_unanswered = turn.outcome == AssistantOutcome::unsure;
  }
  if (first_unanswered && !lines.empty()) lines.front() += " (the assistant could not answer)";
  std::reverse(unanswered.begin(), unanswered.end());
  for (const auto& text : unanswered) lines.push_back("Not answered: " + text);
  return lines;
}

std::vector<std::string> gist_lines(std::string_view model_summary) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < model_summary.size()) {
    auto end = model_summary.find('\n', start);
    if (end == std::string_view::npos) end = model_summary.size();
    auto line = model_summary.substr(start, end - start);
    start = end + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '-' || line.front() == '*' || line.front() == '\t'))
      line.remove_prefix(1);
    if (line.starts_with("•")) line.remove_prefix(std::string_view("•").size());
    while (!line.empty() && (line.front() == ' ' || line.back() == ' ' || line.back() == '\r')) {
      if (line.front() == ' ') line.remove_prefix(1);
      else line.remove_suffix(1);
    }
    if (!line.empty()) lines.emplace_back(line);
  }
  return lines;
}

}  // namespace baton

#include "relay/assistant/faq.hpp"

#include <fstream>
#include <optional>
#include <sstream>

#include "common/utf8.hpp"

namespace baton {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// "[the guide](https://x/y)" -> "the guide (https://x/y)"; "**x**", "__x__" -> "x".
std::string plain_line(std::string_view line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '[') {
      auto close = line.find("](", i);
      auto end = close == std::string_view::npos ? close : line.find(')', close);
      if (end != std::string_view::npos && line.substr(i + 1, close - i - 1).find('\n') == std::string_view::npos) {
        auto label = line.substr(i + 1, close - i - 1);
        auto url = line.substr(close + 2, end - close - 2);
        out += label;
        if (url != label) out += " (" + std::string(url) + ")";
        i = end;
        continue;
      }
    }
    // "**bold**" marks go; underscores stay (they occur in addresses).
    if (line[i] == '*' && i + 1 < line.size() && line[i + 1] == '*') {
      ++i;
      continue;
    }
    out += line[i];
  }
  return out;
}

// "Also asked as: where is my parcel; tracking number" under a question: other
// ways visitors ask it. Matched without case; the phrases are split at ";".
std::optional<std::vector<std::string>> also_asked(std::string_view line) {
  constexpr std::string_view label = "also asked as:";
  if (line.size() < label.size()) return std::nullopt;
  for (std::size_t i = 0; i < label.size(); ++i) {
    char c = line[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != label[i]) return std::nullopt;
  }
  std::vector<std::string> phrases;
  auto rest = line.substr(label.size());
  while (!rest.empty()) {
    auto cut = rest.find(';');
    auto phrase = trim(rest.substr(0, cut));
    if (!phrase.empty()) phrases.emplace_back(phrase);
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
  return phrases;
}

void finish(std::vector<FaqEntry>& entries) {
  if (entries.empty()) return;
  auto& answer = entries.back().answer;
  while (!answer.empty() && (answer.back() == '\n' || answer.back() == ' ')) answer.pop_back();
  if (answer.empty() || entries.back().question.empty()) entries.pop_back();
}

}  // namespace

std::vector<FaqEntry> parse_faq(std::string_view markdown) {
  std::vector<FaqEntry> entries;
  bool in_entry = false;
  bool pending_blank = false;
  std::size_t start = 0;
  while (start <= markdown.size()) {
    auto end = markdown.find('\n', start);
    if (end == std::string_view::npos) end = markdown.size();
    auto line = trim(markdown.substr(start, end - start));
    start = end + 1;
    if (line.starts_with("## ")) {
      finish(entries);
      auto question = trim(line.substr(3));
      while (question.ends_with('#')) question = trim(question.substr(0, question.size() - 1));
      entries.push_back({plain_line(question), {}, {}});
      in_entry = true;
      pending_blank = false;
      continue;
    }
    if (line.starts_with("#")) continue;  // other headings are not part of an answer
    if (!in_entry) continue;
    if (auto phrases = also_asked(line)) {
      auto& asked = entries.back().also_asked;
      asked.insert(asked.end(), phrases->begin(), phrases->end());
      continue;
    }
    auto& answer = entries.back().answer;
    if (line.empty()) {
      pending_blank = !answer.empty();
      continue;
    }
    if (!answer.empty())
      answer += pending_blank ? "\n\n" : (line.starts_with("- ") || line.starts_with("* ") ? "\n" : " ");
    pending_blank = false;
    if (line.starts_with("* ")) answer += "- " + plain_line(line.substr(2));
    else answer += plain_line(line);
  }
  finish(entries);
  return entries;
}

std::vector<FaqEntry> check_faq(std::string_view text, std::string_view where) {
  auto named = std::string(where);
  if (text.size() > faq_max_bytes) {
    throw FaqError(named + " is larger than " + std::to_string(faq_max_bytes / 1024 / 1024) + " MiB");
  }
  if (!utf8::is_valid(text)) throw FaqError(named + " is not UTF-8 text");
  auto entries = parse_faq(text);
  if (entries.empty()) {
    throw FaqError(named + " has no questions (each starts with a line \"## question\", its answer below it)");
  }
  for (const auto& e : entries) {
    if (utf8::length(e.answer) > faq_max_answer_chars) {
      throw FaqError("the answer to \"" + e.question + "\" is longer than " + std::to_string(faq_max_answer_chars) +
                     " characters");
    }
  }
  return entries;
}

std::vector<FaqEntry> load_faq(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FaqError("--faq: cannot read " + file.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  try {
    return check_faq(buffer.str(), file.string());
  } catch (const FaqError& e) {
    throw FaqError(std::string("--faq: ") + e.what());
  }
}

}  // namespace baton

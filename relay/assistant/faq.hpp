#pragma once
// The site owner's FAQ (CONTRACT section 6): Markdown where each "## "
// heading is a question and the text under it, up to the next such heading,
// its answer. Other headings and the text before the first question are
// ignored. A line "Also asked as: a; b" under a question gives other ways
// visitors ask it: they are searched like the question and never shown. Answers are kept as text a chat bubble shows
// well: Markdown links become "text (url)" so the widget links them, emphasis marks are dropped.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

struct FaqEntry {
  std::string question;
  std::string answer;
  std::vector<std::string> also_asked;

  friend bool operator==(const FaqEntry&, const FaqEntry&) = default;
};

inline constexpr std::size_t faq_max_bytes = 2 * 1024 * 1024;
inline constexpr std::size_t faq_max_answer_chars = 4000;

// Entries without an answer are left out.
std::vector<FaqEntry> parse_faq(std::string_view markdown);

class FaqError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The entries of an FAQ given as text (the admin page's), or FaqError
// saying what is wrong, `where` naming the text: larger than faq_max_bytes,
// not UTF-8, without a single question, or with an answer over the limit.
std::vector<FaqEntry> check_faq(std::string_view text, std::string_view where);

// Throws FaqError naming the file: unreadable, larger than faq_max_bytes, not
// UTF-8, without a single question, or with an answer over the limit.
std::vector<FaqEntry> load_faq(const std::filesystem::path& file);

}  // namespace baton

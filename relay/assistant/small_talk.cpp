#include "relay/assistant/small_talk.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "relay/assistant/text/folding.hpp"

namespace baton {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

std::vector<std::string> folded(std::initializer_list<std::string_view> words) {
  std::vector<std::string> out;
  for (auto w : words) {
    for (auto& f : fold_words(w)) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

SmallTalk detect_small_talk(std::string_view text) {
  static const auto hello = folded(
      {"hi",           "hello",   "hey",       "hiya",         "good morning",  "good afternoon",
       "good evening", "hola",    "buenas",    "buenos días",  "buenas tardes", "oi",
       "olá",          "bom dia", "boa tarde", "boa noite",    "bonjour",       "bonsoir",
       "salut",        "coucou",  "hallo",     "guten tag",    "guten morgen",  "servus",
       "moin",         "مرحبا",   "أهلا",      "السلام عليكم", "صباح الخير",    "مساء الخير"});
  static const auto thanks = folded({"thanks",  "thank",    "thx",      "ty",       "cheers", "great",    "perfect",
                                     "gracias", "perfecto", "obrigado", "obrigada", "valeu",  "perfeito", "merci",
                                     "parfait", "danke",    "dank",     "super",    "شكرا",   "ممتاز"});
  // Words that may keep them company without asking anything.
  static const auto filler = folded({"you",    "so",       "much",    "a",        "lot",  "very",   "there",
                                     "all",    "everyone", "team",    "ok",       "okay", "muchas", "todos",
                                     "muito",  "mil",      "pessoal", "beaucoup", "tout", "le",     "monde",
                                     "vielen", "zusammen", "جزيلا",   "لك",       "لكم"});
  auto words = fold_words(text);
  if (words.empty() || words.size() > 6) return SmallTalk::none;
  bool greeted = false;
  bool thanked = false;
  for (const auto& w : words) {
    if (contains(hello, w)) greeted = true;
    else if (contains(thanks, w)) thanked = true;
    else if (!contains(filler, w)) return SmallTalk::none;
  }
  if (thanked) return SmallTalk::thanks;
  return greeted ? SmallTalk::hello : SmallTalk::none;
}

}  // namespace baton

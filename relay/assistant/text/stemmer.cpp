#include "relay/assistant/text/stemmer.hpp"

#include <string_view>

namespace baton {
namespace {

bool ends_with(const std::string& w, std::string_view suffix) { return w.ends_with(suffix); }

void cut(std::string& w, std::size_t n) { w.resize(w.size() - n); }

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

// "shipp" -> "ship", "stopp" -> "stop"; "fall", "pass", "buzz" keep theirs.
void undouble(std::string& w) {
  auto n = w.size();
  if (n >= 3 && w[n - 1] == w[n - 2] && !is_vowel(w[n - 1]) && w[n - 1] != 'l' && w[n - 1] != 's' && w[n - 1] != 'z') {
    w.pop_back();
  }
}

// Replaces a suffix when the word stays at least `keep` bytes long.
bool swap(std::string& w, std::string_view suffix, std::string_view by, std::size_t keep) {
  if (!w.ends_with(suffix) || w.size() - suffix.size() + by.size() < keep) return false;
  w.replace(w.size() - suffix.size(), suffix.size(), by);
  return true;
}

void stem_english(std::string& w) {
  if (w.size() <= 3) return;
  if (!swap(w, "sses", "ss", 4) && !swap(w, "ies", "y", 3) && !swap(w, "ches", "ch", 4) && !swap(w, "shes", "sh", 4) &&
      !swap(w, "xes", "x", 3)) {
    if (ends_with(w, "s") && !ends_with(w, "ss") && !ends_with(w, "us") && !ends_with(w, "is")) cut(w, 1);
  }
  if (w.size() >= 6 && ends_with(w, "ing")) {
    cut(w, 3);
    undouble(w);
  } else if (w.size() >= 5 && ends_with(w, "ied")) {
    swap(w, "ied", "y", 3);
  } else if (w.size() >= 5 && ends_with(w, "ed")) {
    cut(w, 2);
    undouble(w);
  }
  if (w.size() >= 6 && ends_with(w, "ly")) cut(w, 2);
  if (w.size() >= 6 && ends_with(w, "y") && !is_vowel(w[w.size() - 2])) cut(w, 1);
  if (w.size() >= 5 && ends_with(w, "e")) cut(w, 1);
}

// Spanish and Portuguese share their plural and gender endings.
void stem_iberian(std::string& w, bool portuguese) {
  if (w.size() <= 3) return;
  if (portuguese) {
    if (swap(w, "coes", "cao", 5) || swap(w, "oes", "ao", 4) || swap(w, "aes", "ao", 4) || swap(w, "ns", "m", 4) ||
        swap(w, "ais", "al", 4) || swap(w, "eis", "el", 4)) {
      // plural handled
    } else if (w.size() >= 5 && ends_with(w, "es") &&
               std::string_view("rzs").find(w[w.size() - 3]) != std::string_view::npos) {
      cut(w, 2);
    } else if (ends_with(w, "s")) {
      cut(w, 1);
    }
  } else {
    if (swap(w, "ces", "z", 4) || swap(w, "iones", "ion", 5)) {
      // plural handled
    } else if (w.size() >= 5 && ends_with(w, "es") &&
               std::string_view("rlndzsj").find(w[w.size() - 3]) != std::string_view::npos) {
      cut(w, 2);
    } else if (ends_with(w, "s")) {
      cut(w, 1);
    }
  }
  if (w.size() >= 8 && ends_with(w, "mente")) cut(w, 5);
  if (w.size() >= 5 && (ends_with(w, "ar") || ends_with(w, "er") || ends_with(w, "ir"))) cut(w, 2);
  else if (w.size() >= 5 && (ends_with(w, "a") || ends_with(w, "o") || ends_with(w, "e"))) cut(w, 1);
}

void stem_french(std::string& w) {
  if (w.size() <= 3) return;
  if (!swap(w, "eaux", "eau", 4) && !swap(w, "aux", "al", 4)) {
    if (w.size() >= 4 && (ends_with(w, "s") || ends_with(w, "x"))) cut(w, 1);
  }
  if (w.size() >= 8 && ends_with(w, "ment")) cut(w, 4);
  if (w.size() >= 5 && ends_with(w, "ee")) cut(w, 2);
  else if (w.size() >= 5 && (ends_with(w, "er") || ends_with(w, "ez"))) cut(w, 2);
  else if (w.size() >= 4 && ends_with(w, "e")) cut(w, 1);
}

void stem_german(std::string& w) {
  // Umlauts typed as digraphs meet their folded forms: "rueckgabe", "rückgabe".
  for (std::string_view pair : {"ae", "oe", "ue"}) {
    for (auto at = w.find(pair); at != std::string::npos; at = w.find(pair, at + 1)) w.erase(at + 1, 1);
  }
  if (w.size() <= 3) return;
  if (swap(w, "ungen", "ung", 6)) return;
  if (w.size() >= 6 && (ends_with(w, "en") || ends_with(w, "er") || ends_with(w, "es") || ends_with(w, "em"))) {
    cut(w, 2);
  } else if (w.size() >= 5 && (ends_with(w, "e") || ends_with(w, "n") || ends_with(w, "s"))) {
    cut(w, 1);
  }
}

// Arabic works on whole letters (two bytes each in UTF-8 for this block).
void stem_arabic(std::string& w) {
  auto letters = [&] { return w.size() / 2; };
  for (std::string_view prefix : {"وال", "بال", "كال", "فال", "لل", "ال"}) {
    if (w.starts_with(prefix) && letters() - prefix.size() / 2 >= 2) {
      w.erase(0, prefix.size());
      break;
    }
  }
  if (w.starts_with("و") && letters() >= 4) w.erase(0, 2);
  for (std::string_view suffix : {"ات", "ون", "ين", "ان", "ها", "هم", "كم", "نا", "يه", "ه", "ي"}) {
    if (w.ends_with(suffix) && letters() - suffix.size() / 2 >= 3) {
      cut(w, suffix.size());
      break;
    }
  }
}

}  // namespace

std::string stem(std::string word, Lang lang) {
  switch (lang) {
    case Lang::en: stem_english(word); break;
    case Lang::es: stem_iberian(word, false); break;
    case Lang::pt: stem_iberian(word, true); break;
    case Lang::fr: stem_french(word); break;
    case Lang::de: stem_german(word); break;
    case Lang::ar: stem_arabic(word); break;
  }
  return word;
}

}  // namespace baton

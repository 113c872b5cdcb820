#include "relay/assistant/text/stopwords.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

namespace baton {
namespace {

using List = std::vector<std::string_view>;

// Greetings and politeness are stopwords too: "hi, thanks, how do I..." is
// about the "how do I", not about thanks.
const List& words_of(Lang lang) {
  static const std::array<List, 6> lists = [] {
    std::array<List, 6> l;
    l[static_cast<int>(Lang::en)] = {
        "a",     "about", "am",   "an",    "and",    "any",    "anything", "are",   "as",   "at",   "be",
        "been",  "but",   "by",   "can",   "could",  "d",      "did",      "do",    "does", "for",  "from",
        "get",   "got",   "had",  "has",   "have",   "hello",  "hey",      "hi",    "how",  "i",    "if",
        "im",    "in",    "is",   "it",    "its",    "just",   "know",     "ll",    "m",    "me",   "my",
        "of",    "ok",    "okay", "on",    "or",     "please", "pls",      "plz",   "re",   "s",    "should",
        "so",    "t",     "tell", "thank", "thanks", "that",   "the",      "their", "them", "then", "there",
        "these", "they",  "this", "to",    "us",     "ve",     "want",     "was",   "we",   "what", "when",
        "where", "which", "who",  "why",   "will",   "with",   "would",    "you",   "your"};
    l[static_cast<int>(Lang::es)] = {
        "a",      "al",     "algo",   "alguna", "alguno",  "buenas",  "bueno", "como",   "con",      "cual",
        "cuales", "cuando", "cuanto", "de",     "del",     "donde",   "el",    "ella",   "en",       "es",
        "esta",   "estas",  "este",   "esto",   "estoy",   "gracias", "hay",   "hola",   "la",       "las",
        "le",     "les",    "lo",     "los",    "me",      "mi",      "mis",   "muy",    "necesito", "no",
        "nos",    "o",      "para",   "pero",   "por",     "puedo",   "que",   "quiero", "se",       "si",
        "sobre",  "son",    "su",     "sus",    "te",      "tengo",   "tiene", "tienen", "tu",       "un",
        "una",    "unas",   "unos",   "usted",  "ustedes", "y",       "ya",    "yo"};
    l[static_cast<int>(Lang::pt)] = {
        "a",      "ao",   "as",    "boa",      "bom",      "com",   "como",    "da",    "das",   "de",
        "do",     "dos",  "e",     "ela",      "ele",      "em",    "esta",    "estou", "eu",    "gostaria",
        "isso",   "isto", "la",    "lhe",      "me",       "meu",   "minha",   "na",    "nao",   "nas",
        "no",     "nos",  "o",     "obrigada", "obrigado", "oi",    "ola",     "onde",  "os",    "ou",
        "para",   "pelo", "pela",  "por",      "posso",    "pra",   "preciso", "qual",  "quais", "quando",
        "quanto", "que",  "quero", "se",       "sim",      "sobre", "sou",     "tem",   "tenho", "um",
        "uma",    "umas", "uns",   "voce",     "voces",    "vcs",   "vc"};
    l[static_cast<int>(Lang::fr)] = {
        "a",       "au",   "aux",  "avec",   "avez",     "bonjour", "c",     "ce",       "ces",  "cest",
        "comment", "d",    "dans", "de",     "des",      "du",      "elle",  "en",       "est",  "et",
        "il",      "j",    "je",   "l",      "la",       "le",      "les",   "leur",     "lui",  "m",
        "ma",      "mais", "me",   "merci",  "mes",      "moi",     "mon",   "n",        "ne",   "nous",
        "on",      "ou",   "par",  "pas",    "peut",     "peux",    "pour",  "pourquoi", "puis", "qu",
        "quand",   "que",  "quel", "quelle", "quels",    "quelles", "qui",   "s",        "sa",   "salut",
        "se",      "ses",  "si",   "son",    "sur",      "t",       "ta",    "te",       "tes",  "toi",
        "ton",     "tu",   "un",   "une",    "voudrais", "vous",    "votre", "vos",      "y"};
    l[static_cast<int>(Lang::de)] = {
        "am",   "an",      "auch", "auf",  "bei",   "bin",   "bitte",  "danke",  "das",     "dass",  "dem",
        "den",  "der",     "des",  "die",  "du",    "ein",   "eine",   "einen",  "einem",   "einer", "er",
        "es",   "euch",    "euer", "fur",  "gibt",  "habe",  "haben",  "hallo",  "hat",     "ich",   "ihr",
        "ihre", "im",      "in",   "ist",  "ja",    "kann",  "konnen", "konnte", "man",     "mein",  "meine",
        "mich", "mir",     "mit",  "nach", "nicht", "noch",  "oder",   "sie",    "sind",    "so",    "uber",
        "um",   "und",     "uns",  "von",  "vom",   "warum", "was",    "welche", "welcher", "wenn",  "wer",
        "wie",  "wieviel", "wir",  "wo",   "zu",    "zum",   "zur"};
    l[static_cast<int>(Lang::ar)] = {
        "في",    "من",   "الي",  "علي", "عن",  "مع",  "هل",  "ما",   "ماذا",   "كيف",  "متي",   "اين",  "كم",
        "لماذا", "هذا",  "هذه",  "ذلك", "تلك", "انا", "انت", "انتم", "نحن",    "هو",   "هي",    "لي",   "لك",
        "لكم",   "او",   "ثم",   "لا",  "نعم", "ان",  "كان", "يمكن", "يمكنني", "اريد", "مرحبا", "شكرا", "السلام",
        "عليكم", "الذي", "التي", "اي",  "قد",  "لم",  "لن",  "ايضا", "بعد",    "قبل",  "عند",   "كل"};
    for (auto& list : l) std::sort(list.begin(), list.end());
    return l;
  }();
  return lists[static_cast<std::size_t>(lang)];
}

}  // namespace

bool is_stopword(std::string_view folded_word, Lang lang) {
  const auto& list = words_of(lang);
  return std::binary_search(list.begin(), list.end(), folded_word);
}

}  // namespace baton

#include "relay/assistant/handover_intent.hpp"

#include <string>
#include <vector>

#include "common/lang.hpp"
#include "relay/assistant/text/folding.hpp"
#include "relay/assistant/text/stopwords.hpp"

namespace baton {
namespace {

using Words = std::vector<std::string>;

std::vector<Words> folded(std::initializer_list<std::string_view> phrases) {
  std::vector<Words> out;
  for (auto phrase : phrases) out.push_back(fold_words(phrase));
  return out;
}

// Someone to talk to, in every language (folded as visitors type them).
const std::vector<Words>& person_words() {
  static const auto words = folded({"person",
                                    "human",
                                    "humans",
                                    "agent",
                                    "agents",
                                    "someone",
                                    "somebody",
                                    "anyone",
                                    "anybody",
                                    "operator",
                                    "representative",
                                    "rep",
                                    "staff",
                                    "customer service",
                                    "customer support",
                                    "support team",
                                    "live agent",
                                    "real person",
                                    "persona",
                                    "humano",
                                    "agente",
                                    "asesor",
                                    "asesora",
                                    "operador",
                                    "operadora",
                                    "alguien",
                                    "representante",
                                    "atencion al cliente",
                                    "servicio al cliente",
                                    "atendente",
                                    "pessoa",
                                    "alguém",
                                    "consultor",
                                    "consultora",
                                    "atendimento",
                                    "humain",
                                    "humaine",
                                    "conseiller",
                                    "conseillère",
                                    "personne",
                                    "opérateur",
                                    "quelqu'un",
                                    "service client",
                                    "Mitarbeiter",
                                    "Mitarbeiterin",
                                    "Mensch",
                                    "Menschen",
                                    "Berater",
                                    "Beraterin",
                                    "jemand",
                                    "jemandem",
                                    "jemanden",
                                    "Kundendienst",
                                    "Kundenservice",
                                    "Support",
                                    "موظف",
                                    "موظفا",
                                    "شخص",
                                    "شخصا",
                                    "إنسان",
                                    "وكيل",
                                    "أحد",
                                    "بشري",
                                    "مندوب",
                                    "ممثل",
                                    "خدمة العملاء",
                                    "team",
                                    "support",
                                    "salesperson",
                                    "empleado",
                                    "empleada",
                                    "equipo",
                                    "soporte",
                                    "vendedor",
                                    "vendedora",
                                    "funcionário",
                                    "funcionária",
                                    "equipa",
                                    "equipe",
                                    "suporte",
                                    "apoio ao cliente",
                                    "operador",
                                    "vendeur",
                                    "vendeuse",
                                    "équipe",
                                    "Ansprechpartner",
                                    "Ansprechpartnerin",
                                    "Verkäufer",
                                    "Person",
                                    "menschlichen",
                                    "الدعم",
                                    "بالدعم",
                                    "الدعم الفني",
                                    "فريق"});
  return words;
}

// Verbs and phrasings of asking for, reaching or being passed to someone.
const std::vector<Words>& asking_words() {
  static const auto words = folded(
      {"talk",        "speak",     "chat",        "connect",    "transfer",  "put me through", "get",
       "want",        "need",      "reach",       "contact",    "call",      "is there",       "are there",
       "hablar",      "comunicar", "comunicarme", "contactar",  "pasar",     "pásame",         "pasame",
       "quiero",      "necesito",  "conectar",    "conectarme", "llamar",    "llámenme",       "llamame",
       "hay",         "falar",     "conversar",   "quero",      "preciso",   "passar",         "transferir",
       "ligar",       "liguem",    "chamar",      "tem",        "parler",    "discuter",       "contacter",
       "joindre",     "passer",    "voudrais",    "veux",       "besoin",    "appeler",        "rappeler",
       "y a",         "sprechen",  "reden",       "verbinden",  "Kontakt",   "kontaktieren",   "möchte",
       "brauche",     "anrufen",   "ist da",      "gibt es",    "أتحدث",     "التحدث",         "أتكلم",
       "التكلم",      "تحدث",      "كلم",         "أريد",       "ابغى",      "أبغى",           "أود",
       "حولني",       "وصلني",     "تواصل",       "التواصل",    "اتصل",      "اتصلوا",         "هل يوجد",
       "يوجد",        "available", "comunícame",  "atienda",    "atender",   "atiende",        "passa",
       "passe",       "contato",   "contacto",    "coloca",     "há",        "aimerais",       "échanger",
       "en relation", "passez",    "mettez",      "chatten",    "schreiben", "hätte gern",     "أكلم",
       "اكلم"});
  return words;
}

const std::vector<Words>& frustration_phrases() {
  static const auto words = folded(
      {"useless", "not helpful", "not helping", "doesn't help", "does not help", "didn't help", "did not help",
       "isn't helping", "no help", "stupid", "dumb", "waste of time", "not what i asked", "you don't understand",
       "you do not understand", "ridiculous", "annoying", "terrible bot", "worst", "wtf", "this is pointless",
       "no sirve", "no sirves", "inútil", "no me ayuda", "no me ayudas", "no ayuda", "no entiendes",
       "no es lo que pregunté", "estúpido", "pérdida de tiempo", "perdiendo el tiempo", "malísimo", "no ajuda",
       "não ajuda", "não ajudou", "não está ajudando", "não está a ajudar", "não serve", "não entende", "não entendeu",
       "não foi isso que perguntei", "burro", "perda de tempo", "péssimo", "que droga", "sert à rien", "inutile",
       "m'aide pas", "aide pas", "comprends pas", "comprend pas", "pas ce que j'ai demandé", "stupide", "nul",
       "perte de temps", "débile", "hilft nicht", "hilft mir nicht", "hilft überhaupt nicht", "nutzlos", "sinnlos",
       "bringt nichts", "verstehst nicht", "versteht nicht", "nicht was ich gefragt", "dumm", "blöd",
       "Zeitverschwendung", "لا يساعد", "لا تساعد", "لا يفيد", "غير مفيد", "بلا فائدة", "لا تفهم", "لم تفهم",
       "ليس ما سألت", "غبي", "مضيعة للوقت", "سيء",
       // The same answer again, or a wrong one.
       "same answer", "same thing", "wrong answer", "misma respuesta", "lo mismo", "mesma resposta", "mesma coisa",
       "même chose", "même réponse", "dasselbe", "das gleiche", "gleiche Antwort", "نفس الجواب", "نفس الإجابة",
       "no me estás ayudando", "lo que te he preguntado", "lo que pregunté", "absurda", "absurdo", "absurde",
       "não estás a ajudar", "não foi isso que", "já respondeu", "aidez pas", "comprends rien", "n'importe quoi",
       "blöder", "Quatsch", "nicht meine Frage", "verstehst du mich", "لا تساعدني", "سخيفة", "سخيف"});
  return words;
}

// Phrases that ask for a person on their own: a callback.
const std::vector<Words>& direct_requests() {
  static const auto words = folded(
      {"call me",        "call me back",  "ring me",     "llámame",     "llamadme",    "llámenme",    "podéis llamar",
       "puede llamar",   "pueden llamar", "me liga",     "ligue-me",    "liguem-me",   "me ligar",    "me pode ligar",
       "me podem ligar", "rappelez-moi",  "appelez-moi", "me rappeler", "me rappelle", "zurückrufen", "rufen Sie mich",
       "ruf mich",       "اتصل بي",       "اتصلوا بي",   "الاتصال بي",  "يتصل بي",     "كلمني"});
  return words;
}

// Politeness that does not make a message longer: "agent please".
const std::vector<Words>& courtesy_words() {
  static const auto words = folded({"please", "pls", "plz", "now", "favor", "favour", "plait", "plaît", "bitte",
                                    "sofort", "لو سمحت", "من فضلك", "رجاء", "الآن"});
  return words;
}

bool matches_at(const Words& text, std::size_t at, const Words& phrase) {
  if (phrase.empty() || at + phrase.size() > text.size()) return false;
  for (std::size_t k = 0; k < phrase.size(); ++k) {
    if (text[at + k] != phrase[k]) return false;
  }
  return true;
}

// Where a phrase of `list` starts at `at`, its length; else 0.
std::size_t match_any(const Words& text, std::size_t at, const std::vector<Words>& list) {
  for (const auto& phrase : list) {
    if (matches_at(text, at, phrase)) return phrase.size();
  }
  return 0;
}

bool is_function_word(const std::string& word) {
  for (auto lang : all_langs) {
    if (is_stopword(word, lang)) return true;
  }
  return false;
}

}  // namespace

HandoverIntent detect_handover_intent(std::string_view text) {
  auto words = fold_words(text);
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (match_any(words, i, frustration_phrases())) return HandoverIntent::frustrated;
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (match_any(words, i, direct_requests())) return HandoverIntent::wants_person;
  }
  std::size_t content_words = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (auto n = match_any(words, i, courtesy_words())) {
      i += n - 1;
    } else if (!is_function_word(words[i])) {
      ++content_words;
    }
  }
  // An asking word near a person word, before it ("talk to a person") or
  // after it ("a real person to chat with").
  constexpr std::size_t window = 6;
  std::vector<std::size_t> asking;
  std::vector<std::size_t> person;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (auto n = match_any(words, i, asking_words())) {
      asking.push_back(i);
      i += n - 1;
    } else if (match_any(words, i, person_words())) {
      person.push_back(i);
    }
  }
  for (auto p : person) {
    if (content_words <= 2) return HandoverIntent::wants_person;
    for (auto a : asking) {
      if ((a < p ? p - a : a - p) <= window) return HandoverIntent::wants_person;
    }
  }
  return HandoverIntent::none;
}

}  // namespace baton

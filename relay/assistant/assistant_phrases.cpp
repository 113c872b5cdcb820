#include "relay/assistant/assistant_phrases.hpp"

#include <array>

namespace baton {
namespace {

using Row = std::array<std::string_view, 6>;  // en es pt fr de ar

constexpr std::array<Row, 9> phrases{{
    {"I'm not sure I can answer that. You can rephrase it, or tap \"Talk to a live agent\" and a person will "
     "continue this chat.",
     "No estoy seguro de poder responder a eso. Puedes reformular la pregunta o pulsar \"Hablar con un agente\" "
     "y una persona continuará este chat.",
     "Não tenho certeza de que consigo responder a isso. Você pode reformular a pergunta ou tocar em \"Falar com "
     "um atendente\" e uma pessoa continuará esta conversa.",
     "Je ne suis pas sûr de pouvoir répondre à cela. Vous pouvez reformuler, ou appuyer sur \"Parler à un "
     "conseiller\" : une personne poursuivra cette conversation.",
     "Ich bin nicht sicher, ob ich das beantworten kann. Formulieren Sie die Frage gern anders, oder tippen Sie auf "
     "\"Mit einem Mitarbeiter sprechen\" und eine Person führt diesen Chat weiter.",
     "لست متأكدًا من أنني أستطيع الإجابة عن ذلك. يمكنك إعادة صياغة السؤال، أو الضغط على \"التحدث إلى موظف\" "
     "وسيتابع شخص هذه المحادثة."},
    {"Of course. A person can take over this chat, with everything you've written so far. Choose how you'd like "
     "to continue.",
     "Por supuesto. Una persona puede continuar este chat, con todo lo que has escrito hasta ahora. Elige cómo "
     "quieres seguir.",
     "Claro. Uma pessoa pode assumir esta conversa, com tudo o que você escreveu até agora. Escolha como quer "
     "continuar.",
     "Bien sûr. Une personne peut reprendre cette conversation, avec tout ce que vous avez écrit. Choisissez "
     "comment continuer.",
     "Natürlich. Eine Person kann diesen Chat übernehmen, mit allem, was Sie bisher geschrieben haben. Wählen Sie, "
     "wie es weitergehen soll.",
     "بالتأكيد. يمكن لشخص أن يتولى هذه المحادثة مع كل ما كتبته حتى الآن. اختر كيف تريد المتابعة."},
    {"Sorry I couldn't help with that. A person can take over, with everything you've written so far. Choose how "
     "you'd like to continue.",
     "Siento no haber podido ayudarte. Una persona puede continuar, con todo lo que has escrito hasta ahora. Elige "
     "cómo quieres seguir.",
     "Desculpe não ter conseguido ajudar. Uma pessoa pode assumir, com tudo o que você escreveu até agora. "
     "Escolha como quer continuar.",
     "Désolé de ne pas avoir pu vous aider. Une personne peut prendre le relais, avec tout ce que vous avez écrit. "
     "Choisissez comment continuer.",
     "Entschuldigung, dass ich nicht helfen konnte. Eine Person kann übernehmen, mit allem, was Sie bisher "
     "geschrieben haben. Wählen Sie, wie es weitergehen soll.",
     "عذرًا لأنني لم أستطع المساعدة. يمكن لشخص أن يتولى المحادثة مع كل ما كتبته حتى الآن. اختر كيف تريد المتابعة."},
    {"I couldn't answer your last questions. A person can take over this chat with everything you've written so "
     "far.",
     "No he podido responder a tus últimas preguntas. Una persona puede continuar este chat con todo lo que has "
     "escrito hasta ahora.",
     "Não consegui responder às suas últimas perguntas. Uma pessoa pode assumir esta conversa com tudo o que você "
     "escreveu até agora.",
     "Je n'ai pas pu répondre à vos dernières questions. Une personne peut reprendre cette conversation avec tout "
     "ce que vous avez écrit.",
     "Ich konnte Ihre letzten Fragen nicht beantworten. Eine Person kann diesen Chat mit allem übernehmen, was Sie "
     "bisher geschrieben haben.",
     "لم أستطع الإجابة عن أسئلتك الأخيرة. يمكن لشخص أن يتولى هذه المحادثة مع كل ما كتبته حتى الآن."},
    {"Hello! What would you like to know?", "¡Hola! ¿Qué te gustaría saber?", "Olá! O que você gostaria de saber?",
     "Bonjour ! Que souhaitez-vous savoir ?", "Hallo! Was möchten Sie wissen?", "مرحبًا! ماذا تريد أن تعرف؟"},
    {"You're welcome! Is there anything else I can help with?", "¡De nada! ¿Puedo ayudarte en algo más?",
     "De nada! Posso ajudar em mais alguma coisa?", "Avec plaisir ! Puis-je vous aider pour autre chose ?",
     "Gern geschehen! Kann ich sonst noch helfen?", "على الرحب والسعة! هل يمكنني مساعدتك في شيء آخر؟"},
    {"Two answers may fit your question:", "Dos respuestas pueden servirte:", "Duas respostas podem ajudar:",
     "Deux réponses peuvent correspondre à votre question :", "Zwei Antworten könnten passen:",
     "قد تناسب سؤالك إجابتان:"},
    {"Sorry, nobody has been able to take your chat yet. You can keep waiting, or choose another way to reach us.",
     "Lo sentimos, nadie ha podido atender tu chat todavía. Puedes seguir esperando o elegir otra forma de contactarnos.",
     "Desculpe, ninguém conseguiu atender sua conversa ainda. Você pode continuar esperando ou escolher outra forma de "
     "falar conosco.",
     "Désolé, personne n'a encore pu prendre votre conversation. Vous pouvez patienter, ou choisir un autre moyen de "
     "nous joindre.",
     "Leider konnte noch niemand Ihren Chat übernehmen. Sie können weiter warten oder einen anderen Weg zu uns wählen.",
     "عذرًا، لم يتمكن أحد من استلام محادثتك بعد. يمكنك مواصلة الانتظار أو اختيار طريقة أخرى للتواصل معنا."},
    {"You're back with the assistant. Ask me anything, or tap \"Talk to a live agent\" again.",
     "Vuelves a hablar con el asistente. Pregúntame lo que quieras o pulsa \"Hablar con un agente\" de nuevo.",
     "Você voltou a falar com o assistente. Pergunte o que quiser ou toque em \"Falar com um atendente\" de novo.",
     "Vous êtes de nouveau avec l'assistant. Posez vos questions, ou appuyez à nouveau sur \"Parler à un "
     "conseiller\".",
     "Sie sind wieder beim Assistenten. Fragen Sie gern, oder tippen Sie erneut auf \"Mit einem Mitarbeiter "
     "sprechen\".",
     "عدت إلى المساعد. اسألني ما تشاء، أو اضغط على \"التحدث إلى موظف\" مرة أخرى."},
}};

}  // namespace

std::string_view phrase(Phrase which, Lang lang) {
  return phrases[static_cast<std::size_t>(which)][static_cast<std::size_t>(lang)];
}

}  // namespace baton

#include "relay/conversation/visitor_notices.hpp"

#include <array>

namespace baton {
namespace {

using Row = std::array<std::string_view, 6>;  // en es pt fr de ar

constexpr std::array<Row, 6> notices{{
    {"We sent a WhatsApp message about chat #{code} to {phone}. {agent} answers there and here.",
     "Enviamos un mensaje de WhatsApp sobre el chat #{code} al {phone}. {agent} responde allí y aquí.",
     "Enviamos uma mensagem de WhatsApp sobre a conversa #{code} para {phone}. {agent} responde lá e aqui.",
     "Nous avons envoyé un message WhatsApp au sujet de la conversation #{code} au {phone}. {agent} répond là-bas et "
     "ici.",
     "Wir haben eine WhatsApp-Nachricht zu Chat #{code} an {phone} gesendet. {agent} antwortet dort und hier.",
     "أرسلنا رسالة واتساب بخصوص المحادثة #{code} إلى {phone}. يرد {agent} هناك وهنا."},
    {"Your WhatsApp ({phone}) joined this chat. Write here or there: both reach the same conversation.",
     "Tu WhatsApp ({phone}) se unió a este chat. Escribe aquí o allí: todo llega a la misma conversación.",
     "Seu WhatsApp ({phone}) entrou nesta conversa. Escreva aqui ou lá: tudo chega à mesma conversa.",
     "Votre WhatsApp ({phone}) a rejoint cette conversation. Écrivez ici ou là-bas : tout arrive dans la même "
     "conversation.",
     "Ihr WhatsApp ({phone}) ist diesem Chat beigetreten. Schreiben Sie hier oder dort: Beides landet im selben "
     "Gespräch.",
     "انضم واتساب الخاص بك ({phone}) إلى هذه المحادثة. اكتب هنا أو هناك: كلاهما يصل إلى المحادثة نفسها."},
    {"Your call is booked: {agent} will call {phone} on {when}. Reference #{code}.",
     "Tu llamada está programada: {agent} llamará al {phone} el {when}. Referencia #{code}.",
     "Sua ligação está agendada: {agent} vai ligar para {phone} em {when}. Referência #{code}.",
     "Votre appel est planifié : {agent} appellera le {phone} le {when}. Référence #{code}.",
     "Ihr Rückruf ist gebucht: {agent} ruft {phone} am {when} an. Referenz #{code}.",
     "تم حجز مكالمتك: سيتصل {agent} بالرقم {phone} في {when}. المرجع #{code}."},
    {"You cancelled the call on {when}.", "Cancelaste la llamada del {when}.", "Você cancelou a ligação de {when}.",
     "Vous avez annulé l'appel du {when}.", "Sie haben den Rückruf am {when} abgesagt.",
     "ألغيت المكالمة المحددة في {when}."},
    {"We are sorry: the call on {when} was cancelled. You can book another time.",
     "Lo sentimos: la llamada del {when} se canceló. Puedes reservar otra hora.",
     "Desculpe: a ligação de {when} foi cancelada. Você pode agendar outro horário.",
     "Désolés : l'appel du {when} a été annulé. Vous pouvez réserver un autre créneau.",
     "Das tut uns leid: Der Rückruf am {when} wurde abgesagt. Sie können eine andere Zeit buchen.",
     "نعتذر: أُلغيت المكالمة المحددة في {when}. يمكنك حجز وقت آخر."},
    {"We are sorry: we could not reach the team member for your call on {when}, so it was cancelled. Please choose "
     "another time or way.",
     "Lo sentimos: no pudimos contactar con la persona de tu llamada del {when}, así que se canceló. Elige otra hora "
     "u otra vía.",
     "Desculpe: não conseguimos falar com a pessoa da sua ligação de {when}, por isso ela foi cancelada. Escolha "
     "outro horário ou outra forma.",
     "Désolés : nous n'avons pas pu joindre la personne chargée de votre appel du {when}, il a donc été annulé. "
     "Choisissez un autre créneau ou un autre moyen.",
     "Das tut uns leid: Wir konnten die zuständige Person für Ihren Rückruf am {when} nicht erreichen, daher wurde er "
     "abgesagt. Bitte wählen Sie eine andere Zeit oder einen anderen Weg.",
     "نعتذر: لم نتمكن من الوصول إلى الموظف المسؤول عن مكالمتك في {when}، لذا أُلغيت. يرجى اختيار وقت أو طريقة "
     "أخرى."},
}};

}  // namespace

std::string_view visitor_notice(VisitorNotice which, Lang lang) {
  return notices.at(static_cast<std::size_t>(which)).at(static_cast<std::size_t>(lang));
}

}  // namespace baton

#include "relay/core/visitor_text.hpp"

#include <array>
#include <stdexcept>

#include "common/placeholders.hpp"

namespace baton {
namespace {

struct Row {
  VisitorText key;
  std::array<std::string_view, lang_count> words;  // en es pt fr de ar
};

constexpr Row rows[] = {
    {VisitorText::unsure,
     {"I'm not sure I can answer that. You can rephrase it, or tap \"{button}\" and a person will continue this "
      "chat.",
      "No estoy seguro de poder responder a eso. Puedes reformular la pregunta o pulsar \"{button}\" y una persona "
      "continuará este chat.",
      "Não tenho certeza de que consigo responder a isso. Você pode reformular a pergunta ou tocar em \"{button}\" "
      "e uma pessoa continuará esta conversa.",
      "Je ne suis pas sûr de pouvoir répondre à cela. Vous pouvez reformuler, ou appuyer sur \"{button}\" : une "
      "personne poursuivra cette conversation.",
      "Ich bin nicht sicher, ob ich das beantworten kann. Formulieren Sie die Frage gern anders, oder tippen Sie auf "
      "\"{button}\" und eine Person führt diesen Chat weiter.",
      "لست متأكدًا من أنني أستطيع الإجابة عن ذلك. يمكنك إعادة صياغة السؤال، أو الضغط على \"{button}\" وسيتابع "
      "شخص هذه المحادثة."}},
    {VisitorText::offer_on_request,
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
      "بالتأكيد. يمكن لشخص أن يتولى هذه المحادثة مع كل ما كتبته حتى الآن. اختر كيف تريد المتابعة."}},
    {VisitorText::offer_on_frustration,
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
      "عذرًا لأنني لم أستطع المساعدة. يمكن لشخص أن يتولى المحادثة مع كل ما كتبته حتى الآن. اختر كيف تريد المتابعة."}},
    {VisitorText::offer_after_failures,
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
      "لم أستطع الإجابة عن أسئلتك الأخيرة. يمكن لشخص أن يتولى هذه المحادثة مع كل ما كتبته حتى الآن."}},
    {VisitorText::hello,
     {"Hello! What would you like to know?", "¡Hola! ¿Qué te gustaría saber?", "Olá! O que você gostaria de saber?",
      "Bonjour ! Que souhaitez-vous savoir ?", "Hallo! Was möchten Sie wissen?", "مرحبًا! ماذا تريد أن تعرف؟"}},
    {VisitorText::thanks,
     {"You're welcome! Is there anything else I can help with?", "¡De nada! ¿Puedo ayudarte en algo más?",
      "De nada! Posso ajudar em mais alguma coisa?", "Avec plaisir ! Puis-je vous aider pour autre chose ?",
      "Gern geschehen! Kann ich sonst noch helfen?", "على الرحب والسعة! هل يمكنني مساعدتك في شيء آخر؟"}},
    {VisitorText::two_answers,
     {"Two answers may fit your question:", "Dos respuestas pueden servirte:", "Duas respostas podem ajudar:",
      "Deux réponses peuvent correspondre à votre question :", "Zwei Antworten könnten passen:",
      "قد تناسب سؤالك إجابتان:"}},
    {VisitorText::suggestions_intro,
     {"I'm not sure I understood. Did you mean one of these?",
      "No estoy seguro de haberte entendido. ¿Te refieres a alguna de estas preguntas?",
      "Não tenho certeza de que entendi. Você quis dizer uma destas perguntas?",
      "Je ne suis pas sûr d'avoir compris. Vouliez-vous dire l'une de ces questions ?",
      "Ich bin nicht sicher, ob ich Sie richtig verstanden habe. Meinten Sie eine dieser Fragen?",
      "لست متأكدًا من أنني فهمت سؤالك. هل تقصد أحد هذه الأسئلة؟"}},
    {VisitorText::suggestions_outro,
     {"Reply with its number, or tap \"{button}\" and a person will continue this chat.",
      "Responde con su número, o pulsa \"{button}\" y una persona continuará este chat.",
      "Responda com o número dela, ou toque em \"{button}\" e uma pessoa continuará esta conversa.",
      "Répondez par son numéro, ou appuyez sur \"{button}\" : une personne poursuivra cette conversation.",
      "Antworten Sie mit ihrer Nummer, oder tippen Sie auf \"{button}\" und eine Person führt diesen Chat weiter.",
      "أرسل رقم السؤال، أو اضغط على \"{button}\" وسيتابع شخص هذه المحادثة."}},
    {VisitorText::faq_other_language,
     {"Here is what our help pages say (they are not in English):",
      "Esto es lo que dicen nuestras preguntas frecuentes (no están en español):",
      "Eis o que dizem as nossas perguntas frequentes (não estão em português):",
      "Voici ce que dit notre FAQ (elle n'est pas en français) :",
      "Das steht in unseren häufigen Fragen (leider nicht auf Deutsch):",
      "إليك ما تقوله صفحات المساعدة لدينا (وهي ليست باللغة العربية):"}},
    {VisitorText::offer_after_wait,
     {"Sorry, nobody has been able to take your chat yet. You can keep waiting, or choose another way to reach us.",
      "Lo sentimos, nadie ha podido atender tu chat todavía. Puedes seguir esperando o elegir otra forma de contactarnos.",
      "Desculpe, ninguém conseguiu atender sua conversa ainda. Você pode continuar esperando ou escolher outra forma de "
      "falar conosco.",
      "Désolé, personne n'a encore pu prendre votre conversation. Vous pouvez patienter, ou choisir un autre moyen de "
      "nous joindre.",
      "Leider konnte noch niemand Ihren Chat übernehmen. Sie können weiter warten oder einen anderen Weg zu uns wählen.",
      "عذرًا، لم يتمكن أحد من استلام محادثتك بعد. يمكنك مواصلة الانتظار أو اختيار طريقة أخرى للتواصل معنا."}},
    {VisitorText::back_with_assistant,
     {"You're back with the assistant. Ask me anything, or tap \"{button}\" again.",
      "Vuelves a hablar con el asistente. Pregúntame lo que quieras o pulsa \"{button}\" de nuevo.",
      "Você voltou a falar com o assistente. Pergunte o que quiser ou toque em \"{button}\" de novo.",
      "Vous êtes de nouveau avec l'assistant. Posez vos questions, ou appuyez à nouveau sur \"{button}\".",
      "Sie sind wieder beim Assistenten. Fragen Sie gern, oder tippen Sie erneut auf \"{button}\".",
      "عدت إلى المساعد. اسألني ما تشاء، أو اضغط على \"{button}\" مرة أخرى."}},
    {VisitorText::new_conversation,
     {"New conversation. The assistant answers; tap \"{button}\" to reach a person again.",
      "Nueva conversación. Responde el asistente; pulsa \"{button}\" para volver a hablar con una persona.",
      "Nova conversa. O assistente responde; toque em \"{button}\" para falar de novo com uma pessoa.",
      "Nouvelle conversation. L'assistant répond ; appuyez sur \"{button}\" pour retrouver une personne.",
      "Neues Gespräch. Der Assistent antwortet; tippen Sie auf \"{button}\", um wieder eine Person zu erreichen.",
      "محادثة جديدة. يجيب المساعد؛ اضغط على \"{button}\" للتواصل مع شخص مرة أخرى."}},
    {VisitorText::greeting,
     {"Hi! I'm the virtual assistant. Ask me anything, or tap \"{button}\".",
      "¡Hola! Soy el asistente virtual. Pregúntame lo que quieras o pulsa \"{button}\".",
      "Olá! Sou o assistente virtual. Pergunte o que quiser ou toque em \"{button}\".",
      "Bonjour ! Je suis l'assistant virtuel. Posez-moi vos questions, ou appuyez sur \"{button}\".",
      "Hallo! Ich bin der virtuelle Assistent. Fragen Sie mich gern, oder tippen Sie auf \"{button}\".",
      "مرحبًا! أنا المساعد الافتراضي. اسألني ما تشاء، أو اضغط على \"{button}\"."}},
    {VisitorText::talk_to_agent_button,
     {"Talk to a live agent", "Hablar con un agente", "Falar com um atendente", "Parler à un conseiller",
      "Mit einem Mitarbeiter sprechen", "التحدث إلى موظف"}},
    {VisitorText::whatsapp_sent,
     {"We sent a WhatsApp message about chat #{code} to {phone}. {agent} answers there and here.",
      "Enviamos un mensaje de WhatsApp sobre el chat #{code} al {phone}. {agent} responde allí y aquí.",
      "Enviamos uma mensagem de WhatsApp sobre a conversa #{code} para {phone}. {agent} responde lá e aqui.",
      "Nous avons envoyé un message WhatsApp au sujet de la conversation #{code} au {phone}. {agent} répond là-bas et "
      "ici.",
      "Wir haben eine WhatsApp-Nachricht zu Chat #{code} an {phone} gesendet. {agent} antwortet dort und hier.",
      "أرسلنا رسالة واتساب بخصوص المحادثة #{code} إلى {phone}. يرد {agent} هناك وهنا."}},
    {VisitorText::whatsapp_joined,
     {"Your WhatsApp ({phone}) joined this chat. Write here or there: both reach the same conversation.",
      "Tu WhatsApp ({phone}) se unió a este chat. Escribe aquí o allí: todo llega a la misma conversación.",
      "Seu WhatsApp ({phone}) entrou nesta conversa. Escreva aqui ou lá: tudo chega à mesma conversa.",
      "Votre WhatsApp ({phone}) a rejoint cette conversation. Écrivez ici ou là-bas : tout arrive dans la même "
      "conversation.",
      "Ihr WhatsApp ({phone}) ist diesem Chat beigetreten. Schreiben Sie hier oder dort: Beides landet im selben "
      "Gespräch.",
      "انضم واتساب الخاص بك ({phone}) إلى هذه المحادثة. اكتب هنا أو هناك: كلاهما يصل إلى المحادثة نفسها."}},
    {VisitorText::call_booked,
     {"Your call is booked: {agent} will call {phone} on {when}. Reference #{code}.",
      "Tu llamada está programada: {agent} llamará al {phone} el {when}. Referencia #{code}.",
      "Sua ligação está agendada: {agent} vai ligar para {phone} em {when}. Referência #{code}.",
      "Votre appel est planifié : {agent} appellera le {phone} le {when}. Référence #{code}.",
      "Ihr Rückruf ist gebucht: {agent} ruft {phone} am {when} an. Referenz #{code}.",
      "تم حجز مكالمتك: سيتصل {agent} بالرقم {phone} في {when}. المرجع #{code}."}},
    {VisitorText::call_cancelled_by_you,
     {"You cancelled the call on {when}.", "Cancelaste la llamada del {when}.", "Você cancelou a ligação de {when}.",
      "Vous avez annulé l'appel du {when}.", "Sie haben den Rückruf am {when} abgesagt.",
      "ألغيت المكالمة المحددة في {when}."}},
    {VisitorText::call_cancelled_by_us,
     {"We are sorry: the call on {when} was cancelled. You can book another time.",
      "Lo sentimos: la llamada del {when} se canceló. Puedes reservar otra hora.",
      "Desculpe: a ligação de {when} foi cancelada. Você pode agendar outro horário.",
      "Désolés : l'appel du {when} a été annulé. Vous pouvez réserver un autre créneau.",
      "Das tut uns leid: Der Rückruf am {when} wurde abgesagt. Sie können eine andere Zeit buchen.",
      "نعتذر: أُلغيت المكالمة المحددة في {when}. يمكنك حجز وقت آخر."}},
    {VisitorText::call_cancelled_unreached,
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
      "أخرى."}},
    {VisitorText::mail_sent,
     {"Thank you. Your message is on its way to our team; we will answer at {email}.",
      "Gracias. Tu mensaje va camino de nuestro equipo; te responderemos en {email}.",
      "Obrigado. Sua mensagem está a caminho da nossa equipe; responderemos em {email}.",
      "Merci. Votre message est en route vers notre équipe ; nous répondrons à {email}.",
      "Danke. Ihre Nachricht ist auf dem Weg zu unserem Team; wir antworten an {email}.",
      "شكرًا. رسالتك في طريقها إلى فريقنا؛ سنرد عليك على {email}."}},
    {VisitorText::mail_failed,
     {"Sorry, your message could not be sent to our team by e-mail. It is still here in the chat: choose another way "
      "to reach a person.",
      "Lo sentimos, tu mensaje no pudo enviarse a nuestro equipo por correo. Sigue aquí en el chat: elige otra forma "
      "de hablar con una persona.",
      "Desculpe, não foi possível enviar sua mensagem à nossa equipe por e-mail. Ela continua aqui na conversa: "
      "escolha outra forma de falar com uma pessoa.",
      "Désolé, votre message n'a pas pu être envoyé à notre équipe par e-mail. Il reste ici dans la discussion : "
      "choisissez un autre moyen de joindre une personne.",
      "Leider konnte Ihre Nachricht nicht per E-Mail an unser Team gesendet werden. Sie steht weiter hier im Chat: "
      "Wählen Sie einen anderen Weg zu einer Person.",
      "عذرًا، تعذر إرسال رسالتك إلى فريقنا بالبريد الإلكتروني. ما زالت هنا في المحادثة: اختر طريقة أخرى للتواصل مع "
      "شخص."}},
    {VisitorText::whatsapp_not_this_number,
     {"Chat #{code} cannot continue from this number. Please write from the number you gave on the website, or "
      "start a new chat there.",
      "El chat #{code} no puede continuar desde este número. Escribe desde el número que diste en el sitio web o "
      "inicia allí un chat nuevo.",
      "A conversa #{code} não pode continuar a partir deste número. Escreva do número que você informou no site ou "
      "inicie uma nova conversa lá.",
      "La conversation #{code} ne peut pas continuer depuis ce numéro. Écrivez depuis le numéro indiqué sur le site, "
      "ou commencez-y une nouvelle conversation.",
      "Chat #{code} kann von dieser Nummer aus nicht fortgesetzt werden. Schreiben Sie bitte von der Nummer, die Sie "
      "auf der Website angegeben haben, oder starten Sie dort einen neuen Chat.",
      "لا يمكن متابعة المحادثة #{code} من هذا الرقم. يرجى الكتابة من الرقم الذي أدخلته على الموقع، أو بدء محادثة "
      "جديدة هناك."}},
    {VisitorText::whatsapp_how_to_join,
     {"To continue chat #{code} here, reply to our message about it, or start your message with #{code}.",
      "Para continuar el chat #{code} aquí, responde a nuestro mensaje sobre él o empieza tu mensaje con #{code}.",
      "Para continuar a conversa #{code} aqui, responda à nossa mensagem sobre ela ou comece sua mensagem com "
      "#{code}.",
      "Pour poursuivre la conversation #{code} ici, répondez à notre message à ce sujet, ou commencez votre message "
      "par #{code}.",
      "Um Chat #{code} hier fortzusetzen, antworten Sie auf unsere Nachricht dazu oder beginnen Sie Ihre Nachricht "
      "mit #{code}.",
      "لمتابعة المحادثة #{code} هنا، رُدّ على رسالتنا بشأنها، أو ابدأ رسالتك بـ #{code}."}},
    {VisitorText::whatsapp_chat_ended,
     {"Chat #{code} has ended, so nobody will read this here. To talk to us again, start a chat on our website.",
      "El chat #{code} ha terminado, así que nadie leerá esto aquí. Para hablar con nosotros de nuevo, inicia un "
      "chat en nuestro sitio web.",
      "A conversa #{code} foi encerrada, então ninguém lerá isto aqui. Para falar conosco de novo, inicie uma "
      "conversa em nosso site.",
      "La conversation #{code} est terminée : personne ne lira ce message ici. Pour nous parler à nouveau, ouvrez "
      "une conversation sur notre site.",
      "Chat #{code} ist beendet, daher liest das hier niemand. Um wieder mit uns zu sprechen, starten Sie einen Chat "
      "auf unserer Website.",
      "انتهت المحادثة #{code}، لذا لن يقرأ أحد هذا هنا. للتحدث إلينا مجددًا، ابدأ محادثة على موقعنا."}},
    {VisitorText::whatsapp_no_chat,
     {"Hello! This WhatsApp number answers chats that begin on our website. Start a chat there and choose "
      "\u201cContinue on WhatsApp\u201d to talk with us here.",
      "¡Hola! Este número de WhatsApp atiende chats que empiezan en nuestro sitio web. Empieza un chat allí y elige "
      "«Continuar en WhatsApp» para hablar con nosotros aquí.",
      "Olá! Este número de WhatsApp atende conversas iniciadas no nosso site. Comece uma conversa lá e escolha "
      "\u201cContinuar no WhatsApp\u201d para falar conosco aqui.",
      "Bonjour ! Ce numéro WhatsApp répond aux conversations commencées sur notre site. Commencez-en une là-bas et "
      "choisissez « Continuer sur WhatsApp » pour nous parler ici.",
      "Hallo! Diese WhatsApp-Nummer beantwortet Chats, die auf unserer Website beginnen. Starten Sie dort einen Chat "
      "und wählen Sie \u201eAuf WhatsApp fortsetzen\u201c, um hier mit uns zu schreiben.",
      "مرحبًا! يرد رقم واتساب هذا على المحادثات التي تبدأ على موقعنا. ابدأ محادثة هناك واختر «المتابعة على واتساب» "
      "للتحدث معنا هنا."}},
    {VisitorText::whatsapp_edit_not_passed_on,
     {"WhatsApp did not pass on your change, so the chat still shows your message as you first sent it. Please send "
      "any correction as a new message.",
      "WhatsApp no transmitió tu cambio, así que el chat sigue mostrando tu mensaje tal como lo enviaste. Si quieres "
      "corregir algo, envíalo en un mensaje nuevo.",
      "O WhatsApp não repassou sua alteração, então a conversa ainda mostra sua mensagem como você a enviou. Se quiser "
      "corrigir algo, envie em uma nova mensagem.",
      "WhatsApp n'a pas transmis votre modification : la conversation montre toujours votre message tel que vous "
      "l'avez envoyé. Pour corriger quelque chose, envoyez un nouveau message.",
      "WhatsApp hat Ihre Änderung nicht weitergegeben, daher zeigt der Chat Ihre Nachricht noch so, wie Sie sie "
      "gesendet haben. Bitte senden Sie Korrekturen als neue Nachricht.",
      "لم ينقل واتساب التغيير الذي أجريته، لذا ما زالت المحادثة تعرض رسالتك كما أرسلتها أولًا. يُرجى إرسال أي تصحيح "
      "في رسالة جديدة."}},
    {VisitorText::whatsapp_agent_edited,
     {"✏️ {agent} edited this message: {text}", "✏️ {agent} editó este mensaje: {text}",
      "✏️ {agent} editou esta mensagem: {text}", "✏️ {agent} a modifié ce message : {text}",
      "✏️ {agent} hat diese Nachricht bearbeitet: {text}",
      "✏️ عدّل {agent} هذه الرسالة: {text}"}},
    {VisitorText::whatsapp_agent_deleted,
     {"🗑️ {agent} deleted this message.", "🗑️ {agent} eliminó este mensaje.",
      "🗑️ {agent} apagou esta mensagem.", "🗑️ {agent} a supprimé ce message.",
      "🗑️ {agent} hat diese Nachricht gelöscht.", "🗑️ حذف {agent} هذه الرسالة."}},
    {VisitorText::whatsapp_moved_to_call,
     {"Chat #{code} continues with a call.", "El chat #{code} continúa con una llamada.",
      "A conversa #{code} continua com uma ligação.", "La conversation #{code} se poursuit par un appel.",
      "Chat #{code} wird mit einem Anruf fortgesetzt.", "تستمر المحادثة #{code} عبر مكالمة."}},
    {VisitorText::whatsapp_moved_to_email,
     {"Chat #{code} continues by e-mail, at {email}.", "El chat #{code} continúa por correo electrónico, en {email}.",
      "A conversa #{code} continua por e-mail, em {email}.",
      "La conversation #{code} se poursuit par e-mail, à {email}.",
      "Chat #{code} wird per E-Mail fortgesetzt, an {email}.",
      "تستمر المحادثة #{code} عبر البريد الإلكتروني على {email}."}},
    {VisitorText::whatsapp_agent_ended,
     {"{agent} ended this chat (#{code}). Thank you!", "{agent} terminó este chat (#{code}). ¡Gracias!",
      "{agent} encerrou esta conversa (#{code}). Obrigado!", "{agent} a terminé cette conversation (#{code}). Merci !",
      "{agent} hat diesen Chat beendet (#{code}). Vielen Dank!", "أنهى {agent} هذه المحادثة (#{code}). شكرًا لك!"}},
    {VisitorText::ended_by_team,
     {"Our team closed this chat (#{code}). Write again any time: the assistant answers, and a person is one tap "
      "away.",
      "Nuestro equipo cerró este chat (#{code}). Escríbenos cuando quieras: responde el asistente, y una persona está "
      "a un toque.",
      "Nossa equipe encerrou esta conversa (#{code}). Escreva quando quiser: o assistente responde, e uma pessoa está "
      "a um toque.",
      "Notre équipe a clos cette conversation (#{code}). Écrivez-nous quand vous voulez : l'assistant répond, et une "
      "personne est à portée de main.",
      "Unser Team hat diesen Chat geschlossen (#{code}). Schreiben Sie jederzeit wieder: Der Assistent antwortet, und "
      "eine Person ist nur einen Tipp entfernt.",
      "أغلق فريقنا هذه المحادثة (#{code}). اكتب لنا في أي وقت: يجيب المساعد، ويمكنك الوصول إلى شخص بلمسة واحدة."}},
    {VisitorText::media_photo, {"📷 Photo", "📷 Foto", "📷 Foto", "📷 Photo", "📷 Foto", "📷 صورة"}},
    {VisitorText::media_video, {"🎥 Video", "🎥 Vídeo", "🎥 Vídeo", "🎥 Vidéo", "🎥 Video", "🎥 فيديو"}},
    {VisitorText::media_voice_message,
     {"🎤 Voice message", "🎤 Mensaje de voz", "🎤 Mensagem de voz", "🎤 Message vocal", "🎤 Sprachnachricht",
      "🎤 رسالة صوتية"}},
    {VisitorText::media_audio, {"🔊 Audio", "🔊 Audio", "🔊 Áudio", "🔊 Audio", "🔊 Audio", "🔊 مقطع صوتي"}},
    {VisitorText::media_sticker, {"Sticker", "Sticker", "Figurinha", "Autocollant", "Sticker", "ملصق"}},
    {VisitorText::media_document, {"📄 Document", "📄 Documento", "📄 Documento", "📄 Document", "📄 Dokument", "📄 مستند"}},
    {VisitorText::media_not_downloaded,
     {"(the file could not be downloaded)", "(no se pudo descargar el archivo)", "(não foi possível baixar o arquivo)",
      "(le fichier n'a pas pu être téléchargé)", "(die Datei konnte nicht heruntergeladen werden)",
      "(تعذّر تنزيل الملف)"}},
    {VisitorText::reaction,
     {"Reacted {emoji}", "Reaccionó con {emoji}", "Reagiu com {emoji}", "A réagi {emoji}", "Hat mit {emoji} reagiert",
      "تفاعل بـ {emoji}"}},
    {VisitorText::reaction_removed,
     {"Removed a reaction", "Quitó una reacción", "Removeu uma reação", "A retiré une réaction",
      "Hat eine Reaktion entfernt", "أزال تفاعلًا"}},
    {VisitorText::shared_contact,
     {"👤 Shared contact", "👤 Contacto compartido", "👤 Contato compartilhado", "👤 Contact partagé",
      "👤 Geteilter Kontakt", "👤 جهة اتصال مُشارَكة"}},
    {VisitorText::order,
     {"🛒 Order, items: {count} (open WhatsApp to see it)",
      "🛒 Pedido, artículos: {count} (abre WhatsApp para verlo)",
      "🛒 Pedido, itens: {count} (abra o WhatsApp para vê-lo)",
      "🛒 Commande, articles : {count} (ouvrez WhatsApp pour la voir)",
      "🛒 Bestellung, Artikel: {count} (in WhatsApp ansehen)",
      "🛒 طلب، عدد المنتجات: {count} (افتح واتساب لرؤيته)"}},
    {VisitorText::unsupported_message,
     {"Unsupported message", "Mensaje no compatible", "Mensagem não suportada", "Message non pris en charge",
      "Nicht unterstützte Nachricht", "رسالة غير مدعومة"}},
    {VisitorText::form_reply,
     {"Form reply", "Respuesta de formulario", "Resposta de formulário", "Réponse au formulaire", "Formularantwort",
      "رد على نموذج"}},
    {VisitorText::system_notice,
     {"WhatsApp system notice", "Aviso del sistema de WhatsApp", "Aviso do sistema do WhatsApp",
      "Avis système de WhatsApp", "WhatsApp-Systemhinweis", "إشعار من نظام واتساب"}},
    {VisitorText::survey_question,
     {"How was your chat with {agent}? Rate it from 1 (poor) to 5 (excellent).",
      "¿Qué tal tu chat con {agent}? Valóralo de 1 (malo) a 5 (excelente).",
      "Como foi a sua conversa com {agent}? Avalie de 1 (ruim) a 5 (excelente).",
      "Comment s'est passée votre conversation avec {agent} ? Notez-la de 1 (mauvaise) à 5 (excellente).",
      "Wie war Ihr Chat mit {agent}? Bewerten Sie ihn von 1 (schlecht) bis 5 (ausgezeichnet).",
      "كيف كانت محادثتك مع {agent}؟ قيّمها من 1 (سيئة) إلى 5 (ممتازة)."}},
    {VisitorText::survey_thanks,
     {"Thank you for your rating.", "Gracias por tu valoración.", "Obrigado pela sua avaliação.",
      "Merci pour votre note.", "Danke für Ihre Bewertung.", "شكرًا على تقييمك."}},
    {VisitorText::survey_question_assistant,
     {"How was this chat? Rate it from 1 (poor) to 5 (excellent).",
      "¿Qué tal este chat? Valóralo de 1 (malo) a 5 (excelente).",
      "Como foi esta conversa? Avalie de 1 (ruim) a 5 (excelente).",
      "Comment s'est passée cette conversation ? Notez-la de 1 (mauvaise) à 5 (excellente).",
      "Wie war dieser Chat? Bewerten Sie ihn von 1 (schlecht) bis 5 (ausgezeichnet).",
      "كيف كانت هذه المحادثة؟ قيّمها من 1 (سيئة) إلى 5 (ممتازة)."}},
    {VisitorText::ended_by_visitor,
     {"You ended the chat.", "Has terminado el chat.", "Você encerrou a conversa.",
      "Vous avez mis fin à la conversation.", "Sie haben den Chat beendet.", "لقد أنهيت المحادثة."}},
    {VisitorText::whatsapp_unreachable,
     {"We can't reach our team on WhatsApp right now. Your messages are kept and will reach them as soon as we can.",
      "Ahora mismo no podemos contactar con nuestro equipo por WhatsApp. Tus mensajes se guardan y les llegarán en "
      "cuanto sea posible.",
      "No momento não conseguimos falar com nossa equipe pelo WhatsApp. Suas mensagens ficam guardadas e chegarão "
      "assim que possível.",
      "Nous ne pouvons pas joindre notre équipe sur WhatsApp pour le moment. Vos messages sont conservés et lui "
      "parviendront dès que possible.",
      "Wir erreichen unser Team gerade nicht über WhatsApp. Ihre Nachrichten bleiben erhalten und kommen an, sobald "
      "es wieder geht.",
      "لا يمكننا الوصول إلى فريقنا عبر واتساب الآن. رسائلك محفوظة وستصلهم في أقرب وقت ممكن."}},
    {VisitorText::not_delivered_to_agent,
     {"Your message could not be delivered to the agent{error}.", "No se pudo entregar tu mensaje al agente{error}.",
      "Não foi possível entregar sua mensagem ao atendente{error}.",
      "Votre message n'a pas pu être remis à l'agent{error}.",
      "Ihre Nachricht konnte dem Mitarbeiter nicht zugestellt werden{error}.", "تعذّر تسليم رسالتك إلى الموظف{error}."}},
    {VisitorText::visitor_unreached,
     {"We could not reach your WhatsApp ({phone}){error}. This chat still works here.",
      "No pudimos contactar con tu WhatsApp ({phone}){error}. Este chat sigue funcionando aquí.",
      "Não conseguimos falar com seu WhatsApp ({phone}){error}. Esta conversa continua funcionando aqui.",
      "Nous n'avons pas pu joindre votre WhatsApp ({phone}){error}. Cette conversation continue ici.",
      "Wir konnten Ihr WhatsApp ({phone}) nicht erreichen{error}. Dieser Chat funktioniert hier weiter.",
      "تعذّر علينا الوصول إلى واتساب الخاص بك ({phone}){error}. لا تزال هذه المحادثة تعمل هنا."}},
    {VisitorText::agent_unreached,
     {"We could not reach the agent on WhatsApp{error}.", "No pudimos contactar con el agente por WhatsApp{error}.",
      "Não conseguimos falar com o atendente pelo WhatsApp{error}.",
      "Nous n'avons pas pu joindre l'agent sur WhatsApp{error}.",
      "Wir konnten den Mitarbeiter über WhatsApp nicht erreichen{error}.",
      "تعذّر علينا الوصول إلى الموظف عبر واتساب{error}."}},
    {VisitorText::whatsapp_error_code,
     {"(WhatsApp error {code})", "(error de WhatsApp {code})", "(erro do WhatsApp {code})", "(erreur WhatsApp {code})",
      "(WhatsApp-Fehler {code})", "(خطأ واتساب {code})"}},
};

static_assert(std::size(rows) == visitor_text_count, "a VisitorText without its row");

}  // namespace

std::string_view visitor_text(VisitorText which, Lang lang) {
  const auto& row = rows[static_cast<std::size_t>(which)];
  // Rows are in the enum's order; the test checks it, this keeps a slip from
  // showing a visitor the wrong sentence.
  if (row.key != which) throw std::logic_error("visitor_text: rows out of order");
  return row.words.at(static_cast<std::size_t>(lang));
}

std::string with_button(std::string_view sentence, Lang shown) {
  return fill_placeholders(sentence, {{"button", visitor_text(VisitorText::talk_to_agent_button, shown)}});
}

Lang widget_language(const VisitorContext& context) {
  if (auto lang = lang_from_tag(context.ui_language)) return *lang;
  return lang_from_tag(context.language).value_or(Lang::en);
}

}  // namespace baton

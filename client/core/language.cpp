#include "client/core/language.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "common/placeholders.hpp"

namespace baton::client {
namespace {

struct Row {
  Text key;
  std::array<std::string_view, lang_count> words;  // en, es, pt, fr, de, ar
};

constexpr Row rows[] = {
    {Text::open_chat, {"Open chat", "Abrir chat", "Abrir chat", "Ouvrir le chat", "Chat öffnen", "فتح المحادثة"}},
    {Text::close_chat,
     {"Close chat", "Cerrar chat", "Fechar chat", "Fermer le chat", "Chat schließen", "إغلاق المحادثة"}},
    {Text::title,
     {"Chat with us", "Chatea con nosotros", "Fale conosco", "Discutons", "Chatten Sie mit uns", "تحدث معنا"}},
    {Text::message_label, {"Message", "Mensaje", "Mensagem", "Message", "Nachricht", "رسالة"}},
    {Text::placeholder,
     {"Type a message…", "Escribe un mensaje…", "Escreva uma mensagem…", "Écrivez un message…", "Nachricht schreiben…",
      "اكتب رسالة…"}},
    {Text::send, {"Send", "Enviar", "Enviar", "Envoyer", "Senden", "إرسال"}},
    {Text::talk_to_agent,
     {"Talk to a live agent", "Hablar con un agente", "Falar com um atendente", "Parler à un conseiller",
      "Mit einem Mitarbeiter sprechen", "التحدث إلى موظف"}},
    {Text::option_live,
     {"Wait for live chat", "Esperar el chat en vivo", "Aguardar o chat ao vivo", "Attendre le chat en direct",
      "Auf den Live-Chat warten", "انتظار المحادثة المباشرة"}},
    {Text::option_whatsapp,
     {"Continue on WhatsApp", "Continuar en WhatsApp", "Continuar no WhatsApp", "Continuer sur WhatsApp",
      "Auf WhatsApp fortsetzen", "المتابعة على واتساب"}},
    {Text::option_callback,
     {"Schedule a call", "Programar una llamada", "Agendar uma ligação", "Planifier un appel", "Rückruf vereinbaren",
      "جدولة مكالمة"}},
    {Text::option_live_detail,
     {"A person answers here, in this chat.", "Una persona responde aquí, en este chat.",
      "Uma pessoa responde aqui, neste chat.", "Une personne vous répond ici, dans ce chat.",
      "Eine Person antwortet hier im Chat.", "يرد عليك شخص هنا في هذه المحادثة."}},
    {Text::option_whatsapp_detail,
     {"Keep this conversation going from your phone.", "Sigue esta conversación desde tu teléfono.",
      "Continue esta conversa pelo seu celular.", "Poursuivez cette conversation depuis votre téléphone.",
      "Führen Sie das Gespräch auf Ihrem Telefon weiter.", "تابع هذه المحادثة من هاتفك."}},
    {Text::option_callback_detail,
     {"Pick a time and we call you.", "Elige una hora y te llamamos.", "Escolha um horário e ligamos para você.",
      "Choisissez un créneau, nous vous appelons.", "Wählen Sie eine Zeit, wir rufen Sie an.", "اختر وقتاً وسنتصل بك."}},
    {Text::options_title,
     {"How would you like to continue?", "¿Cómo quieres continuar?", "Como você quer continuar?",
      "Comment souhaitez-vous continuer ?", "Wie möchten Sie fortfahren?", "كيف تود المتابعة؟"}},
    {Text::agents_online,
     {"{n} online now", "{n} en línea ahora", "{n} online agora", "{n} en ligne", "{n} jetzt online",
      "{n} متصلون الآن"}},
    {Text::agents_offline,
     {"No one is online right now", "No hay nadie en línea ahora", "Ninguém online agora",
      "Personne n'est en ligne pour le moment", "Gerade ist niemand online", "لا يوجد أحد متصل الآن"}},
    {Text::agents_notified,
     {"No one is online right now. An agent will be told and will answer here.",
      "No hay nadie en línea ahora. Avisaremos a un agente y te responderá aquí.",
      "Ninguém online agora. Um atendente será avisado e responderá aqui.",
      "Personne n'est en ligne pour le moment. Un conseiller sera prévenu et vous répondra ici.",
      "Gerade ist niemand online. Ein Mitarbeiter wird benachrichtigt und antwortet hier.",
      "لا يوجد أحد متصل الآن. سنبلغ موظفًا وسيرد عليك هنا."}},
    {Text::back, {"Back", "Volver", "Voltar", "Retour", "Zurück", "رجوع"}},
    {Text::name, {"Name", "Nombre", "Nome", "Nom", "Name", "الاسم"}},
    {Text::email, {"E-mail", "Correo electrónico", "E-mail", "E-mail", "E-Mail", "البريد الإلكتروني"}},
    {Text::phone, {"Phone", "Teléfono", "Telefone", "Téléphone", "Telefon", "الهاتف"}},
    {Text::phone_hint,
     {"With country code, e.g. +44 20 7946 0018", "Con prefijo de país, p. ej. +34 912 345 678",
      "Com código do país, ex.: +55 11 91234-5678", "Avec l'indicatif, ex. +33 1 23 45 67 89",
      "Mit Ländervorwahl, z. B. +49 30 1234567", "مع رمز الدولة، مثل ‎+971 4 123 4567"}},
    {Text::consent_live,
     {"I agree that this conversation and my details are shared with an agent through WhatsApp.",
      "Acepto que esta conversación y mis datos se compartan con un agente a través de WhatsApp.",
      "Concordo que esta conversa e meus dados sejam compartilhados com um atendente pelo WhatsApp.",
      "J'accepte que cette conversation et mes coordonnées soient transmises à un conseiller via WhatsApp.",
      "Ich bin einverstanden, dass dieses Gespräch und meine Angaben über WhatsApp an einen Mitarbeiter gehen.",
      "أوافق على مشاركة هذه المحادثة وبياناتي مع موظف عبر واتساب."}},
    {Text::consent_whatsapp,
     {"I agree to be contacted on WhatsApp at this number about this conversation.",
      "Acepto que me contacten por WhatsApp en este número sobre esta conversación.",
      "Concordo em ser contatado pelo WhatsApp neste número sobre esta conversa.",
      "J'accepte d'être contacté sur WhatsApp à ce numéro au sujet de cette conversation.",
      "Ich bin einverstanden, unter dieser Nummer per WhatsApp zu diesem Gespräch kontaktiert zu werden.",
      "أوافق على التواصل معي عبر واتساب على هذا الرقم بخصوص هذه المحادثة."}},
    {Text::consent_callback,
     {"I agree to be called at this number and to get the confirmation on WhatsApp.",
      "Acepto que me llamen a este número y recibir la confirmación por WhatsApp.",
      "Concordo em receber a ligação neste número e a confirmação pelo WhatsApp.",
      "J'accepte d'être appelé à ce numéro et de recevoir la confirmation sur WhatsApp.",
      "Ich bin einverstanden, unter dieser Nummer angerufen zu werden und die Bestätigung per WhatsApp zu erhalten.",
      "أوافق على تلقي مكالمة على هذا الرقم وتلقي التأكيد عبر واتساب."}},
    {Text::slot, {"Time", "Hora", "Horário", "Créneau", "Zeit", "الوقت"}},
    {Text::submit_live, {"Connect me", "Conectarme", "Conectar", "Me mettre en relation", "Verbinden", "اتصل بي"}},
    {Text::submit_whatsapp,
     {"Send it to my WhatsApp", "Enviarlo a mi WhatsApp", "Enviar para meu WhatsApp", "L'envoyer sur mon WhatsApp",
      "An mein WhatsApp senden", "أرسلها إلى واتساب"}},
    {Text::submit_callback,
     {"Book the call", "Reservar la llamada", "Agendar a ligação", "Réserver l'appel", "Anruf buchen",
      "احجز المكالمة"}},
    {Text::option_unavailable,
     {"This option isn't offered right now.", "Esta opción no está disponible ahora.",
      "Esta opção não está disponível agora.", "Cette option n'est pas proposée pour le moment.",
      "Diese Option wird gerade nicht angeboten.", "هذا الخيار غير متاح حالياً."}},
    {Text::required_consent,
     {"Please tick the box to continue.", "Marca la casilla para continuar.", "Marque a caixa para continuar.",
      "Cochez la case pour continuer.", "Bitte bestätigen Sie das Kästchen.", "يرجى تحديد المربع للمتابعة."}},
    {Text::invalid_phone,
     {"Enter the number with its country code, like +15551230001.",
      "Escribe el número con el prefijo del país, como +34912345678.",
      "Digite o número com o código do país, como +5511912345678.",
      "Saisissez le numéro avec l'indicatif, comme +33123456789.",
      "Geben Sie die Nummer mit Ländervorwahl ein, z. B. +49301234567.",
      "أدخل الرقم مع رمز الدولة، مثل ‎+971412345678."}},
    {Text::invalid_email,
     {"This e-mail address doesn't look right.", "Este correo no parece correcto.", "Este e-mail não parece correto.",
      "Cette adresse e-mail semble incorrecte.", "Diese E-Mail-Adresse scheint falsch zu sein.",
      "يبدو أن هذا البريد الإلكتروني غير صحيح."}},
    {Text::phone_required,
     {"A phone number is needed for this option.", "Esta opción necesita un número de teléfono.",
      "Esta opção precisa de um número de telefone.", "Cette option nécessite un numéro de téléphone.",
      "Für diese Option wird eine Telefonnummer benötigt.", "هذا الخيار يحتاج إلى رقم هاتف."}},
    {Text::status_queued,
     {"Waiting to send", "Pendiente de envío", "Aguardando envio", "En attente d'envoi", "Wird gesendet",
      "في انتظار الإرسال"}},
    {Text::status_sent, {"Sent", "Enviado", "Enviada", "Envoyé", "Gesendet", "أُرسلت"}},
    {Text::status_delivered, {"Delivered", "Entregado", "Entregue", "Distribué", "Zugestellt", "وصلت"}},
    {Text::status_read, {"Read", "Leído", "Lida", "Lu", "Gelesen", "قُرئت"}},
    {Text::status_failed,
     {"Not delivered", "No entregado", "Não entregue", "Non distribué", "Nicht zugestellt", "لم تصل"}},
    {Text::state_bot,
     {"Virtual assistant", "Asistente virtual", "Assistente virtual", "Assistant virtuel", "Virtueller Assistent",
      "مساعد افتراضي"}},
    {Text::state_waiting,
     {"Waiting for {agent}…", "Esperando a {agent}…", "Aguardando {agent}…", "En attente de {agent}…",
      "Warten auf {agent} …", "في انتظار {agent}…"}},
    {Text::state_live,
     {"{agent} is here", "{agent} está aquí", "{agent} está aqui", "{agent} est là", "{agent} ist da", "{agent} هنا"}},
    {Text::state_ended,
     {"The chat has ended", "El chat ha terminado", "O chat terminou", "La discussion est terminée",
      "Der Chat ist beendet", "انتهت المحادثة"}},
    {Text::connecting,
     {"Connecting…", "Conectando…", "Conectando…", "Connexion…", "Verbindung wird hergestellt…", "جارٍ الاتصال…"}},
    {Text::offline,
     {"You're offline. Messages will be sent when you're back.", "Sin conexión. Los mensajes se enviarán al volver.",
      "Sem conexão. As mensagens serão enviadas quando voltar.", "Hors ligne. Les messages partiront à votre retour.",
      "Offline. Nachrichten werden gesendet, sobald Sie wieder online sind.",
      "أنت غير متصل. ستُرسل الرسائل عند عودة الاتصال."}},
    {Text::agent_joined,
     {"{agent} joined the chat", "{agent} se unió al chat", "{agent} entrou no chat", "{agent} a rejoint la discussion",
      "{agent} ist dem Chat beigetreten", "انضم {agent} إلى المحادثة"}},
    {Text::agent_left,
     {"{agent} left the chat", "{agent} salió del chat", "{agent} saiu do chat", "{agent} a quitté la discussion",
      "{agent} hat den Chat verlassen", "غادر {agent} المحادثة"}},
    {Text::handoff_requested,
     {"{agent} has this conversation and will answer here.", "{agent} tiene esta conversación y responderá aquí.",
      "{agent} recebeu esta conversa e vai responder aqui.", "{agent} a reçu la conversation et vous répondra ici.",
      "{agent} hat das Gespräch übernommen und antwortet hier.", "استلم {agent} المحادثة وسيرد هنا."}},
    {Text::delivery_failed,
     {"A message could not be delivered.", "Un mensaje no se pudo entregar.", "Uma mensagem não pôde ser entregue.",
      "Un message n'a pas pu être distribué.", "Eine Nachricht konnte nicht zugestellt werden.", "تعذر توصيل رسالة."}},
    {Text::storage_full,
     {"Your browser's storage is full: messages typed offline may be lost if you close this page.",
      "El almacenamiento del navegador está lleno: los mensajes escritos sin conexión podrían perderse si cierras la página.",
      "O armazenamento do navegador está cheio: mensagens escritas offline podem se perder se você fechar a página.",
      "Le stockage du navigateur est plein : les messages écrits hors ligne peuvent être perdus si vous fermez la page.",
      "Der Browserspeicher ist voll: offline geschriebene Nachrichten können beim Schließen verloren gehen.",
      "مساحة تخزين المتصفح ممتلئة: قد تضيع الرسائل المكتوبة دون اتصال إذا أغلقت الصفحة."}},
    {Text::unavailable,
     {"The chat is unavailable right now. Trying again…", "El chat no está disponible. Reintentando…",
      "O chat está indisponível. Tentando novamente…", "Le chat est indisponible. Nouvel essai…",
      "Der Chat ist gerade nicht erreichbar. Neuer Versuch …", "المحادثة غير متاحة الآن. جارٍ إعادة المحاولة…"}},
    {Text::slow_down,
     {"You're sending messages quickly. The next ones will go in a moment.",
      "Estás enviando mensajes muy rápido. Los siguientes saldrán en un momento.",
      "Você está enviando mensagens muito rápido. As próximas sairão em instantes.",
      "Vous envoyez des messages très vite. Les suivants partiront dans un instant.",
      "Sie senden sehr schnell Nachrichten. Die nächsten gehen gleich hinaus.",
      "أنت ترسل الرسائل بسرعة. سترسل الرسائل التالية بعد لحظات."}},
    {Text::too_long,
     {"That message is too long.", "Ese mensaje es demasiado largo.", "Essa mensagem é longa demais.",
      "Ce message est trop long.", "Diese Nachricht ist zu lang.", "هذه الرسالة طويلة جداً."}},
    {Text::unread, {"{n} unread", "{n} sin leer", "{n} não lidas", "{n} non lus", "{n} ungelesen", "{n} غير مقروءة"}},
    {Text::new_message_from,
     {"New message from {name}", "Nuevo mensaje de {name}", "Nova mensagem de {name}", "Nouveau message de {name}",
      "Neue Nachricht von {name}", "رسالة جديدة من {name}"}},
    {Text::you, {"You", "Tú", "Você", "Vous", "Sie", "أنت"}},
    {Text::assistant, {"Assistant", "Asistente", "Assistente", "Assistant", "Assistent", "المساعد"}},
    {Text::agent, {"Agent", "Agente", "Atendente", "Conseiller", "Mitarbeiter", "موظف"}},
    {Text::typing,
     {"{name} is typing…", "{name} está escribiendo…", "{name} está digitando…", "{name} écrit…", "{name} schreibt…",
      "{name} يكتب…"}},
    {Text::option_email,
     {"Leave a message", "Dejar un mensaje", "Deixar uma mensagem", "Laisser un message", "Nachricht hinterlassen",
      "اترك رسالة"}},
    {Text::option_email_detail,
     {"We answer by e-mail.", "Te respondemos por correo.", "Respondemos por e-mail.", "Nous répondons par e-mail.",
      "Wir antworten per E-Mail.", "نرد عليك عبر البريد الإلكتروني."}},
    {Text::consent_email,
     {"I agree that this conversation and my details are sent to the team by e-mail.",
      "Acepto que esta conversación y mis datos se envíen al equipo por correo.",
      "Concordo que esta conversa e os meus dados sejam enviados à equipe por e-mail.",
      "J'accepte que cette conversation et mes coordonnées soient envoyées à l'équipe par e-mail.",
      "Ich bin einverstanden, dass dieser Chat und meine Angaben per E-Mail an das Team gehen.",
      "أوافق على إرسال هذه المحادثة وبياناتي إلى الفريق عبر البريد الإلكتروني."}},
    {Text::submit_email,
     {"Send message", "Enviar mensaje", "Enviar mensagem", "Envoyer le message", "Nachricht senden", "إرسال الرسالة"}},
    {Text::your_message, {"Your message", "Tu mensaje", "Sua mensagem", "Votre message", "Ihre Nachricht", "رسالتك"}},
    {Text::send_me_copy,
     {"Send me a copy of this conversation", "Enviarme una copia de esta conversación",
      "Enviar-me uma cópia desta conversa", "M'envoyer une copie de cette conversation",
      "Mir eine Kopie dieses Chats senden", "أرسل لي نسخة من هذه المحادثة"}},
    {Text::email_required,
     {"An e-mail address is needed so we can answer.", "Necesitamos un correo para poder responderte.",
      "Precisamos de um e-mail para poder responder.", "Une adresse e-mail est nécessaire pour vous répondre.",
      "Für eine Antwort brauchen wir Ihre E-Mail-Adresse.", "نحتاج إلى بريد إلكتروني لنتمكن من الرد."}},
    {Text::queue_next,
     {"you're next", "eres el siguiente", "você é o próximo", "vous êtes le prochain", "Sie sind als Nächstes dran",
      "أنت التالي"}},
    {Text::queue_ahead,
     {"{n} ahead of you", "{n} antes que tú", "{n} na sua frente", "{n} avant vous", "{n} vor Ihnen", "{n} قبلك"}},
    {Text::typical_wait,
     {"usually about {m} min", "normalmente unos {m} min", "normalmente cerca de {m} min", "en général environ {m} min",
      "meist etwa {m} Min.", "عادةً حوالي {m} دقيقة"}},
    {Text::slot_required,
     {"Choose a time for the call.", "Elige una hora para la llamada.", "Escolha um horário para a ligação.",
      "Choisissez un créneau pour l'appel.", "Wählen Sie eine Zeit für den Rückruf.", "اختر وقتًا للمكالمة."}},
    {Text::choose_time,
     {"Choose a time", "Elige una hora", "Escolha um horário", "Choisissez un créneau", "Zeit wählen", "اختر وقتًا"}},
    {Text::slots_loading,
     {"Finding free times…", "Buscando horas libres…", "Buscando horários livres…", "Recherche des créneaux…",
      "Freie Zeiten werden gesucht…", "جارٍ البحث عن أوقات متاحة…"}},
    {Text::no_slots,
     {"No free times in the next 7 days", "No hay horas libres en los próximos 7 días",
      "Nenhum horário livre nos próximos 7 dias", "Aucun créneau libre dans les 7 prochains jours",
      "Keine freien Zeiten in den nächsten 7 Tagen", "لا توجد أوقات متاحة خلال 7 أيام"}},
    {Text::whatsapp_sent,
     {"We sent a WhatsApp message to {phone}. Reply to it, or open WhatsApp here:",
      "Te enviamos un mensaje de WhatsApp al {phone}. Respóndelo o abre WhatsApp aquí:",
      "Enviamos uma mensagem de WhatsApp para {phone}. Responda a ela ou abra o WhatsApp aqui:",
      "Nous avons envoyé un message WhatsApp au {phone}. Répondez-y ou ouvrez WhatsApp ici :",
      "Wir haben Ihnen eine WhatsApp-Nachricht an {phone} gesendet. Antworten Sie darauf oder öffnen Sie WhatsApp hier:",
      "أرسلنا رسالة واتساب إلى {phone}. رد عليها أو افتح واتساب من هنا:"}},
    {Text::whatsapp_joined,
     {"You're connected on WhatsApp. Write there or here: it is one conversation.",
      "Estás conectado en WhatsApp. Escribe allí o aquí: es una sola conversación.",
      "Você está conectado no WhatsApp. Escreva lá ou aqui: é uma só conversa.",
      "Vous êtes connecté sur WhatsApp. Écrivez là-bas ou ici : c'est une seule conversation.",
      "Sie sind auf WhatsApp verbunden. Schreiben Sie dort oder hier: Es ist ein Gespräch.",
      "أنت متصل على واتساب. اكتب هناك أو هنا: إنها محادثة واحدة."}},
    {Text::open_whatsapp,
     {"Open WhatsApp", "Abrir WhatsApp", "Abrir o WhatsApp", "Ouvrir WhatsApp", "WhatsApp öffnen", "فتح واتساب"}},
    {Text::scan_qr,
     {"On a computer? Scan this code with your phone.", "¿En un ordenador? Escanea este código con tu móvil.",
      "No computador? Escaneie este código com o celular.", "Sur un ordinateur ? Scannez ce code avec votre téléphone.",
      "Am Computer? Scannen Sie diesen Code mit dem Handy.", "على الكمبيوتر؟ امسح هذا الرمز بهاتفك."}},
    {Text::call_booked,
     {"Call booked", "Llamada programada", "Ligação agendada", "Appel planifié", "Rückruf vereinbart",
      "تم حجز المكالمة"}},
    {Text::call_when,
     {"We will call {phone} on {when}.", "Te llamaremos al {phone} el {when}.", "Ligaremos para {phone} em {when}.",
      "Nous appellerons le {phone} le {when}.", "Wir rufen {phone} am {when} an.", "سنتصل بالرقم {phone} في {when}."}},
    {Text::add_to_calendar,
     {"Add to calendar", "Añadir al calendario", "Adicionar à agenda", "Ajouter au calendrier",
      "Zum Kalender hinzufügen", "أضف إلى التقويم"}},
    {Text::cancel_call,
     {"Cancel the call", "Cancelar la llamada", "Cancelar a ligação", "Annuler l'appel", "Rückruf absagen",
      "إلغاء المكالمة"}},
    {Text::cancel_failed,
     {"The call could not be cancelled. Please try again.", "No se pudo cancelar la llamada. Inténtalo de nuevo.",
      "Não foi possível cancelar a ligação. Tente novamente.", "L'appel n'a pas pu être annulé. Réessayez.",
      "Der Rückruf konnte nicht abgesagt werden. Bitte erneut versuchen.", "تعذر إلغاء المكالمة. حاول مرة أخرى."}},
    {Text::delete_conversation,
     {"Delete this conversation", "Eliminar esta conversación", "Apagar esta conversa", "Supprimer cette conversation",
      "Dieses Gespräch löschen", "حذف هذه المحادثة"}},
    {Text::delete_question,
     {"Delete this conversation and the details you gave? This cannot be undone.",
      "¿Eliminar esta conversación y los datos que diste? No se puede deshacer.",
      "Apagar esta conversa e os dados que você informou? Não é possível desfazer.",
      "Supprimer cette conversation et les informations données ? C'est irréversible.",
      "Dieses Gespräch und Ihre Angaben löschen? Das lässt sich nicht rückgängig machen.",
      "هل تريد حذف هذه المحادثة والبيانات التي قدمتها؟ لا يمكن التراجع عن ذلك."}},
    {Text::delete_confirm, {"Delete", "Eliminar", "Apagar", "Supprimer", "Löschen", "حذف"}},
    {Text::delete_keep, {"Keep it", "Conservarla", "Manter", "La garder", "Behalten", "الإبقاء عليها"}},
    {Text::deleted,
     {"Your conversation was deleted.", "Tu conversación se eliminó.", "Sua conversa foi apagada.",
      "Votre conversation a été supprimée.", "Ihr Gespräch wurde gelöscht.", "تم حذف محادثتك."}},
    {Text::delete_failed,
     {"The conversation could not be deleted. Please try again.",
      "No se pudo eliminar la conversación. Inténtalo de nuevo.",
      "Não foi possível apagar a conversa. Tente novamente.", "La conversation n'a pas pu être supprimée. Réessayez.",
      "Das Gespräch konnte nicht gelöscht werden. Bitte erneut versuchen.", "تعذر حذف المحادثة. حاول مرة أخرى."}},
    {Text::next_new_conversation,
     {"This chat has ended. Write to start a new conversation with the assistant.",
      "Este chat ha terminado. Escribe para empezar una nueva conversación con el asistente.",
      "Esta conversa terminou. Escreva para começar uma nova conversa com o assistente.",
      "Cette discussion est terminée. Écrivez pour commencer une nouvelle conversation avec l'assistant.",
      "Dieser Chat ist beendet. Schreiben Sie, um ein neues Gespräch mit dem Assistenten zu beginnen.",
      "انتهت هذه المحادثة. اكتب لبدء محادثة جديدة مع المساعد."}},
    {Text::next_call_agent,
     {"What you write here reaches {agent} before the call.",
      "Lo que escribas aquí le llega a {agent} antes de la llamada.",
      "O que você escrever aqui chega a {agent} antes da ligação.",
      "Ce que vous écrivez ici parvient à {agent} avant l'appel.",
      "Was Sie hier schreiben, erreicht {agent} vor dem Anruf.", "ما تكتبه هنا يصل إلى {agent} قبل المكالمة."}},
    {Text::placeholder_new_conversation,
     {"Start a new conversation…", "Empieza una nueva conversación…", "Comece uma nova conversa…",
      "Commencez une nouvelle conversation…", "Neues Gespräch beginnen…", "ابدأ محادثة جديدة…"}},
    {Text::sound,
     {"Sound and notifications for new messages", "Sonido y avisos de mensajes nuevos",
      "Som e notificações de novas mensagens", "Son et notifications des nouveaux messages",
      "Ton und Benachrichtigungen bei neuen Nachrichten", "صوت وإشعارات للرسائل الجديدة"}},
    {Text::cancel_call_question,
     {"Cancel the call on {when}?", "¿Cancelar la llamada del {when}?", "Cancelar a ligação de {when}?",
      "Annuler l'appel du {when} ?", "Den Rückruf am {when} absagen?", "هل تريد إلغاء مكالمة {when}؟"}},
    {Text::cancel_call_confirm,
     {"Yes, cancel it", "Sí, cancelarla", "Sim, cancelar", "Oui, l'annuler", "Ja, absagen", "نعم، ألغِها"}},
    {Text::keep_call,
     {"Keep the call", "Mantener la llamada", "Manter a ligação", "Garder l'appel", "Rückruf behalten",
      "الإبقاء على المكالمة"}},
    {Text::call_day, {"Day", "Día", "Dia", "Jour", "Tag", "اليوم"}},
    {Text::reaction_label,
     {"Reaction: {emoji}", "Reacción: {emoji}", "Reação: {emoji}", "Réaction : {emoji}", "Reaktion: {emoji}",
      "تفاعل: {emoji}"}},
    {Text::reacted,
     {"{name} reacted {emoji}", "{name} reaccionó con {emoji}", "{name} reagiu com {emoji}",
      "{name} a réagi avec {emoji}", "{name} hat mit {emoji} reagiert", "تفاعل {name} بـ {emoji}"}},
    {Text::new_chat,
     {"Start a new chat", "Empezar un chat nuevo", "Começar uma nova conversa", "Commencer une nouvelle discussion",
      "Neuen Chat beginnen", "بدء محادثة جديدة"}},
    {Text::new_chat_failed,
     {"A new chat could not be started. Please try again.", "No se pudo empezar un chat nuevo. Inténtalo de nuevo.",
      "Não foi possível começar uma nova conversa. Tente novamente.",
      "Impossible de commencer une nouvelle discussion. Veuillez réessayer.",
      "Ein neuer Chat konnte nicht begonnen werden. Bitte versuchen Sie es erneut.",
      "تعذر بدء محادثة جديدة. يرجى المحاولة مرة أخرى."}},
    {Text::rate_chat,
     {"Rate this chat", "Valora este chat", "Avalie esta conversa", "Notez cette conversation", "Chat bewerten",
      "قيّم هذه المحادثة"}},
    {Text::rating_of, {"{n} of 5", "{n} de 5", "{n} de 5", "{n} sur 5", "{n} von 5", "{n} من 5"}},
    {Text::rating_comment,
     {"Anything to add? (optional)", "¿Algo que añadir? (opcional)", "Algo a acrescentar? (opcional)",
      "Quelque chose à ajouter ? (facultatif)", "Möchten Sie etwas ergänzen? (optional)",
      "هل تريد إضافة شيء؟ (اختياري)"}},
    {Text::end_chat,
     {"End chat", "Terminar el chat", "Encerrar a conversa", "Terminer la conversation", "Chat beenden",
      "إنهاء المحادثة"}},
    {Text::end_chat_failed,
     {"The chat could not be ended. Please try again.", "No se pudo terminar el chat. Inténtalo de nuevo.",
      "Não foi possível encerrar a conversa. Tente novamente.", "La conversation n'a pas pu être terminée. Réessayez.",
      "Der Chat konnte nicht beendet werden. Bitte erneut versuchen.", "تعذر إنهاء المحادثة. حاول مرة أخرى."}},
    {Text::attach_file,
     {"Attach a file", "Adjuntar un archivo", "Anexar um arquivo", "Joindre un fichier", "Datei anhängen",
      "إرفاق ملف"}},
    {Text::remove_file,
     {"Remove the file", "Quitar el archivo", "Remover o arquivo", "Retirer le fichier", "Datei entfernen",
      "إزالة الملف"}},
    {Text::file_refused,
     {"This file can't be sent. You can send JPEG or PNG pictures, PDF, Word, Excel, PowerPoint or text files, "
      "audio, and MP4 videos.",
      "Este archivo no se puede enviar. Puedes enviar imágenes JPEG o PNG, archivos PDF, Word, Excel, PowerPoint o "
      "de texto, audio y vídeos MP4.",
      "Este arquivo não pode ser enviado. Você pode enviar imagens JPEG ou PNG, arquivos PDF, Word, Excel, "
      "PowerPoint ou de texto, áudio e vídeos MP4.",
      "Ce fichier ne peut pas être envoyé. Vous pouvez envoyer des images JPEG ou PNG, des fichiers PDF, Word, "
      "Excel, PowerPoint ou texte, de l'audio et des vidéos MP4.",
      "Diese Datei kann nicht gesendet werden. Sie können JPEG- oder PNG-Bilder, PDF-, Word-, Excel-, PowerPoint- "
      "oder Textdateien, Audio und MP4-Videos senden.",
      "لا يمكن إرسال هذا الملف. يمكنك إرسال صور JPEG أو PNG، وملفات PDF أو Word أو Excel أو PowerPoint أو ملفات "
      "نصية، والصوت، ومقاطع فيديو MP4."}},
    {Text::file_too_large,
     {"This file is too large to send: the limit for it is {size}.",
      "Este archivo es demasiado grande: el límite para este tipo es {size}.",
      "Este arquivo é grande demais: o limite para este tipo é {size}.",
      "Ce fichier est trop volumineux : la limite pour ce type est de {size}.",
      "Diese Datei ist zu groß: Für diese Art gilt eine Grenze von {size}.",
      "هذا الملف كبير جدًا: الحد الأقصى لهذا النوع هو {size}."}},
    {Text::upload_failed,
     {"The file could not be sent. Check your connection and try again.",
      "No se pudo enviar el archivo. Revisa tu conexión e inténtalo de nuevo.",
      "Não foi possível enviar o arquivo. Verifique sua conexão e tente novamente.",
      "Le fichier n'a pas pu être envoyé. Vérifiez votre connexion et réessayez.",
      "Die Datei konnte nicht gesendet werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
      "تعذر إرسال الملف. تحقق من اتصالك وحاول مرة أخرى."}},
    {Text::uploading,
     {"Sending the file…", "Enviando el archivo…", "Enviando o arquivo…", "Envoi du fichier…", "Datei wird gesendet…",
      "جارٍ إرسال الملف…"}},
    {Text::download, {"Download", "Descargar", "Baixar", "Télécharger", "Herunterladen", "تنزيل"}},
    {Text::enlarge,
     {"Enlarge {name}", "Ampliar {name}", "Ampliar {name}", "Agrandir {name}", "{name} vergrößern", "تكبير {name}"}},
    {Text::picture, {"picture", "la imagen", "a imagem", "l'image", "Bild", "الصورة"}},
    {Text::close_picture,
     {"Close the picture", "Cerrar la imagen", "Fechar a imagem", "Fermer l'image", "Bild schließen", "إغلاق الصورة"}},
    {Text::files_need_person,
     {"Files can be sent once a person has joined the chat. Ask for a live agent first.",
      "Puedes enviar archivos cuando una persona se una al chat. Pide primero hablar con un agente.",
      "Você pode enviar arquivos quando uma pessoa entrar no chat. Peça primeiro para falar com um atendente.",
      "Vous pourrez envoyer des fichiers quand une personne aura rejoint la discussion. Demandez d'abord un "
      "conseiller.",
      "Dateien können Sie senden, sobald eine Person dem Chat beigetreten ist. Fragen Sie zuerst nach einem "
      "Mitarbeiter.",
      "يمكنك إرسال الملفات بعد انضمام شخص إلى المحادثة. اطلب التحدث إلى موظف أولاً."}},
    {Text::edited, {"edited", "editado", "editada", "modifié", "bearbeitet", "معدَّلة"}},
    {Text::message_deleted,
     {"This message was deleted.", "Este mensaje se eliminó.", "Esta mensagem foi apagada.",
      "Ce message a été supprimé.", "Diese Nachricht wurde gelöscht.", "حُذفت هذه الرسالة."}},
    {Text::shared_contact,
     {"Shared contact", "Contacto compartido", "Contato compartilhado", "Contact partagé", "Geteilter Kontakt",
      "جهة اتصال مشتركة"}},
    {Text::shared_place,
     {"Shared location", "Ubicación compartida", "Localização compartilhada", "Position partagée", "Geteilter Standort",
      "موقع مشترك"}},
    {Text::open_map,
     {"Open the map", "Abrir el mapa", "Abrir o mapa", "Ouvrir la carte", "Karte öffnen", "فتح الخريطة"}},
};

constexpr bool rows_in_order() {
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    if (static_cast<std::size_t>(rows[i].key) != i) return false;
  }
  return std::size(rows) == text_count;
}
static_assert(rows_in_order(), "one row per Text, in the enum's order");

}  // namespace

static_assert(std::size(rows) == text_count, "a Text without its row");

namespace {

#ifdef BATON_WIDGET_ENGLISH_ONLY
// Evaluated at compile time: the table itself is not used at run time, so
// the other languages' strings are not in the program.
constexpr auto english = [] {
  std::array<std::string_view, text_count> out{};
  for (std::size_t i = 0; i < text_count; ++i) out[i] = rows[i].words[0];
  return out;
}();

std::string_view built_in(Lang, std::size_t index) { return english[index]; }

bool built_in(Lang language) { return language == Lang::en; }
#else
std::string_view built_in(Lang language, std::size_t index) {
  return rows[index].words[static_cast<std::size_t>(language)];
}

bool built_in(Lang) { return true; }
#endif

// The one language taken from a file, if any.
struct TakenTexts {
  std::optional<Lang> language;
  std::vector<std::string> texts;
};

TakenTexts& taken() {
  static TakenTexts texts;
  return texts;
}

constexpr std::string_view file_magic = "baton-widget-texts 1 ";

// One text a line: backslashes and line breaks escaped.
void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  out += '\n';
}

std::optional<std::string> unescaped(std::string_view line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '\\') {
      out += line[i];
      continue;
    }
    if (++i == line.size()) return std::nullopt;
    if (line[i] == 'n') out += '\n';
    else if (line[i] == '\\') out += '\\';
    else return std::nullopt;
  }
  return out;
}

}  // namespace

std::string_view text(Lang language, Text which) {
  auto index = static_cast<std::size_t>(which);
  const auto& file = taken();
  if (file.language == language && !built_in(language)) return file.texts[index];
  return built_in(language, index);
}

bool has_texts(Lang language) { return built_in(language) || taken().language == language; }

std::string texts_file(Lang language) {
  std::string out(file_magic);
  out += to_string(language);
  out += ' ';
  out += std::to_string(text_count);
  out += '\n';
  for (std::size_t i = 0; i < text_count; ++i) append_escaped(out, built_in(language, i));
  return out;
}

// "baton-widget-texts 1 es 99\n" then exactly that many lines.
bool take_texts_file(std::string_view file) {
  if (!file.starts_with(file_magic)) return false;
  file.remove_prefix(file_magic.size());
  auto header_end = file.find('\n');
  if (header_end == std::string_view::npos) return false;
  auto header = file.substr(0, header_end);
  file.remove_prefix(header_end + 1);
  auto space = header.find(' ');
  if (space == std::string_view::npos) return false;
  auto language = lang_from_tag(header.substr(0, space));
  std::size_t count = 0;
  auto digits = header.substr(space + 1);
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (!language || to_string(*language) != header.substr(0, space) || error != std::errc{} ||
      end != digits.data() + digits.size() || count != text_count) {
    return false;
  }
  std::vector<std::string> texts;
  texts.reserve(text_count);
  while (!file.empty()) {
    auto line_end = file.find('\n');
    if (line_end == std::string_view::npos) return false;
    auto line = unescaped(file.substr(0, line_end));
    if (!line || texts.size() == text_count) return false;
    texts.push_back(std::move(*line));
    file.remove_prefix(line_end + 1);
  }
  if (texts.size() != text_count) return false;
  taken() = TakenTexts{language, std::move(texts)};
  return true;
}

std::string format(Lang language, Text which, std::string_view name, std::string_view value) {
  return fill_placeholders(text(language, which), {{name, value}});
}

Lang pick_language(std::string_view configured, const std::vector<std::string>& browser_languages) {
  auto picked = lang_from_tag(configured);
  for (std::size_t i = 0; !picked && i < browser_languages.size(); ++i) picked = lang_from_tag(browser_languages[i]);
  // Its texts could not be fetched (see has_texts): English rather than nothing.
  return picked && has_texts(*picked) ? *picked : Lang::en;
}

}  // namespace baton::client

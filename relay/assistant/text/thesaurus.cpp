#include "relay/assistant/text/thesaurus.hpp"

#include <array>
#include <initializer_list>
#include <map>
#include <string_view>
#include <vector>

#include "relay/assistant/text/terms.hpp"

namespace baton {
namespace {

struct Group {
  std::string_view concept_name;
  std::initializer_list<std::string_view> words;
};

using Groups = std::initializer_list<Group>;

const Groups& groups_of(Lang lang) {
  static const Groups en{
      {"warranty", {"warranty", "guarantee", "guaranteed"}},
      {"return", {"return", "returns", "returning", "refund", "refunded", "exchange"}},
      {"price", {"price", "cost", "costs", "fee", "fees", "charge", "charges"}},
      {"delivery", {"deliver", "delivery", "deliveries", "arrive", "arrives", "dispatch", "dispatched"}},
      {"gift", {"gift", "voucher", "vouchers"}},
      {"instalment",
       {"instalment", "instalments", "installment", "installments", "financing", "finance", "monthly", "credit"}},
      {"cancel", {"cancel", "cancelled", "canceled", "cancellation"}},
      {"track", {"track", "tracking", "trace"}},
      {"size", {"size", "sizes"}},
      {"assembly", {"assemble", "assembly", "assembled", "build", "setup"}},
      {"insurance", {"insurance", "insure", "insured", "theft", "stolen", "steal"}},
      {"discount", {"discount", "discounts", "promo", "coupon", "deal"}},
      {"service", {"service", "servicing", "maintenance", "repair", "repairs", "mechanic", "tune"}},
      {"try", {"try", "test", "trial"}},
      {"shop", {"shop", "store", "showroom"}},
  };
  static const Groups es{
      {"warranty", {"garantía", "garantias"}},
      {"return", {"devolver", "devolución", "devoluciones", "reembolso", "cambio"}},
      {"price", {"precio", "coste", "costo", "cuesta", "cobráis", "cobran", "tarifa", "gastos"}},
      {"delivery", {"envío", "envíos", "enviar", "enviáis", "mandar", "entrega", "llegar", "llega"}},
      {"gift", {"regalo", "regalos", "vale"}},
      {"instalment", {"plazos", "financiar", "financiación", "cuotas", "mensual", "mensualidades"}},
      {"cancel", {"cancelar", "anular", "cancelación"}},
      {"track", {"seguimiento", "rastrear", "localizar"}},
      {"size", {"talla", "tallas", "medida", "medidas"}},
      {"assembly", {"montar", "montaje", "montada", "ensamblar"}},
      {"insurance", {"seguro", "robo", "roban", "robar", "robada"}},
      {"discount", {"descuento", "descuentos", "promoción", "cupón", "rebaja", "rebajas"}},
      {"service", {"mantenimiento", "revisión", "reparar", "reparación", "taller"}},
      {"try", {"probar", "prueba"}},
      {"shop", {"tienda", "showroom", "local"}},
  };
  static const Groups pt{
      {"warranty", {"garantia"}},
      {"return", {"devolver", "devolução", "reembolso", "troca", "trocar"}},
      {"price", {"preço", "custo", "custa", "taxa", "tarifa"}},
      {"delivery",
       {"envio", "enviar", "enviam", "entrega", "entregar", "chegar", "chega", "expedir", "expedição", "frete",
        "portes"}},
      {"gift", {"vale", "presente", "oferta"}},
      {"instalment", {"prestações", "parcelar", "parcelas", "financiamento", "financiar", "mensal"}},
      {"cancel", {"cancelar", "cancelamento", "desistir", "anular"}},
      {"track", {"rastrear", "rastreio", "seguimento", "acompanhar"}},
      {"size", {"tamanho", "tamanhos", "medida", "medidas"}},
      {"assembly", {"montar", "montagem", "montada"}},
      {"insurance", {"seguro", "roubo", "roubar", "roubada", "furto"}},
      {"discount", {"desconto", "descontos", "promoção", "cupom", "cupão"}},
      {"service", {"manutenção", "revisão", "reparar", "reparação", "oficina"}},
      {"try", {"experimentar", "testar", "teste"}},
      {"shop", {"loja", "showroom"}},
  };
  static const Groups fr{
      {"warranty", {"garantie"}},
      {"return", {"retour", "retourner", "rembourser", "remboursement", "renvoyer", "échange"}},
      {"price", {"prix", "coût", "coûte", "tarif", "frais"}},
      {"delivery", {"livraison", "livrer", "livré", "expédier", "expédition", "envoyer", "envoi", "recevoir"}},
      {"gift", {"cadeau", "cadeaux", "bon"}},
      {"instalment", {"mensualités", "financement", "financer", "crédit", "échelonner", "échelonné"}},
      {"cancel", {"annuler", "annulation"}},
      {"track", {"suivi", "suivre", "tracer"}},
      {"size", {"taille", "tailles", "mesure", "mesures"}},
      {"assembly", {"monter", "montage", "montée", "assembler"}},
      {"insurance", {"assurance", "vol", "volé", "voler"}},
      {"discount", {"réduction", "remise", "promo", "promotion"}},
      {"service", {"entretien", "révision", "réparer", "réparation", "atelier"}},
      {"try", {"essayer", "essai", "tester"}},
      {"shop", {"magasin", "boutique", "showroom"}},
  };
  static const Groups de{
      {"warranty", {"Garantie", "Gewährleistung"}},
      {"return", {"Rückgabe", "zurückgeben", "zurückschicken", "zurücksenden", "Erstattung", "Umtausch", "Widerruf"}},
      {"price", {"Preis", "Kosten", "kostet", "Gebühr"}},
      {"delivery", {"Versand", "versenden", "versendet", "Lieferung", "liefern", "Zustellung", "ankommen"}},
      {"gift", {"Gutschein", "Geschenkgutschein", "Geschenk"}},
      {"instalment", {"Ratenzahlung", "Raten", "Finanzierung", "finanzieren"}},
      {"cancel", {"stornieren", "Stornierung", "Storno"}},
      {"track", {"Sendungsverfolgung", "verfolgen", "Tracking"}},
      {"size", {"Größe", "Größen"}},
      {"assembly", {"Montage", "montieren", "Aufbau", "aufbauen", "zusammenbauen", "schrauben"}},
      {"insurance", {"Versicherung", "Diebstahl", "gestohlen", "geklaut", "klauen"}},
      {"discount", {"Rabatt", "Nachlass", "Ermäßigung"}},
      {"service", {"Wartung", "Inspektion", "Reparatur", "reparieren", "Werkstatt"}},
      {"try", {"Probefahrt", "probefahren", "testen", "ausprobieren"}},
      {"shop", {"Laden", "Geschäft", "Showroom"}},
  };
  static const Groups ar{
      {"warranty", {"ضمان", "كفالة"}},
      {"return", {"إرجاع", "استرجاع", "استرداد", "إعادة", "ترجيع"}},
      {"price", {"سعر", "تكلفة", "رسوم", "كلفة"}},
      {"delivery", {"شحن", "توصيل", "إرسال", "تسليم"}},
      {"gift", {"هدية", "قسيمة"}},
      {"instalment", {"تقسيط", "أقساط", "قسط", "تمويل"}},
      {"cancel", {"إلغاء", "ألغي"}},
      {"track", {"تتبع", "تعقب"}},
      {"size", {"مقاس", "حجم", "مقاسات"}},
      {"assembly", {"تركيب", "تجميع"}},
      {"insurance", {"تأمين", "سرقة", "سرقت"}},
      {"discount", {"خصم", "تخفيض"}},
      {"service", {"صيانة", "إصلاح", "تصليح"}},
      {"try", {"تجربة", "اختبار", "جرب"}},
      {"shop", {"متجر", "محل", "معرض"}},
  };
  switch (lang) {
    case Lang::en: return en;
    case Lang::es: return es;
    case Lang::pt: return pt;
    case Lang::fr: return fr;
    case Lang::de: return de;
    case Lang::ar: return ar;
  }
  return en;
}

// Surface words go through the same folding and stemming as any text.
std::map<std::string, std::string> build_table(Lang lang) {
  std::map<std::string, std::string> table;
  for (const auto& group : groups_of(lang)) {
    for (auto word : group.words) {
      for (auto& term : index_terms(word, lang)) table.emplace(std::move(term), "~" + std::string(group.concept_name));
    }
  }
  return table;
}

}  // namespace

std::string concept_of(const std::string& stemmed_term, Lang lang) {
  static const std::array<std::map<std::string, std::string>, 6> tables = [] {
    std::array<std::map<std::string, std::string>, 6> t;
    for (auto l : all_langs) t[static_cast<std::size_t>(l)] = build_table(l);
    return t;
  }();
  const auto& table = tables[static_cast<std::size_t>(lang)];
  auto it = table.find(stemmed_term);
  return it == table.end() ? stemmed_term : it->second;
}

}  // namespace baton

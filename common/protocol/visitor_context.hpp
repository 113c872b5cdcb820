#pragma once
// What the widget knows about the visitor, sent when the session opens and
// refreshed at handoff. Personal details (name, e-mail, phone) stay empty until
// the visitor submits them or the site passes them through identify().

#include <cereal/cereal.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace baton {

struct VisitorContext {
  std::string page_url;
  std::string page_title;
  std::string referrer;
  std::string language;   // BCP 47, e.g. "pt-BR"
  std::string time_zone;  // IANA, e.g. "America/Sao_Paulo"
  std::string user_agent;
  std::vector<std::string> pages;             // visited during this session, oldest first
  std::map<std::string, std::string> utm;     // utm_source, utm_campaign, ...
  std::map<std::string, std::string> traits;  // what the site passed to track()
  std::string name;
  std::string email;
  std::string phone;  // E.164
  // Since version 2: the language the widget is shown in (one of its six,
  // e.g. "es"; may differ from the browser's when the site sets data-lang).
  // What the relay writes into the widget is in it.
  std::string ui_language;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t const version) {
    ar(CEREAL_NVP(page_url), CEREAL_NVP(page_title), CEREAL_NVP(referrer), CEREAL_NVP(language), CEREAL_NVP(time_zone),
       CEREAL_NVP(user_agent), CEREAL_NVP(pages), CEREAL_NVP(utm), CEREAL_NVP(traits), CEREAL_NVP(name),
       CEREAL_NVP(email), CEREAL_NVP(phone));
    if (version >= 2) ar(CEREAL_NVP(ui_language));
  }

  friend bool operator==(const VisitorContext&, const VisitorContext&) = default;
};

}  // namespace baton

CEREAL_CLASS_VERSION(baton::VisitorContext, 2)

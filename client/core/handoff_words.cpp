#include "client/core/handoff_words.hpp"

namespace baton::client {

Text option_text(HandoffMode mode) {
  switch (mode) {
    case HandoffMode::live: return Text::option_live;
    case HandoffMode::whatsapp: return Text::option_whatsapp;
    case HandoffMode::callback: return Text::option_callback;
    case HandoffMode::email: return Text::option_email;
  }
  return Text::option_live;
}

Text consent_text(HandoffMode mode) {
  switch (mode) {
    case HandoffMode::live: return Text::consent_live;
    case HandoffMode::whatsapp: return Text::consent_whatsapp;
    case HandoffMode::callback: return Text::consent_callback;
    case HandoffMode::email: return Text::consent_email;
  }
  return Text::consent_live;
}

Text submit_text(HandoffMode mode) {
  switch (mode) {
    case HandoffMode::live: return Text::submit_live;
    case HandoffMode::whatsapp: return Text::submit_whatsapp;
    case HandoffMode::callback: return Text::submit_callback;
    case HandoffMode::email: return Text::submit_email;
  }
  return Text::submit_live;
}

}  // namespace baton::client

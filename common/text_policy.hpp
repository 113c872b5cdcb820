#pragma once
// One policy for text that someone outside wrote (a visitor, a WhatsApp user)
// and someone else reads (an agent on WhatsApp, the support team's e-mail, a
// calendar entry, the widget). It removes what can forge lines or disguise
// text, and nothing a person meant to write:
//   - CR LF and CR become LF; U+2028, U+2029, U+0085, VT and FF become LF;
//   - other C0 controls (NUL included), DEL and C1 controls are removed;
//   - bidirectional overrides, embeddings and isolates (U+202A-U+202E,
//     U+2066-U+2069) are removed: "pay to \u202Eexe.gpj" must read as typed;
//   - a byte that is not UTF-8 becomes U+FFFD.
// docs/security.md lists it with the places it is applied.

#include <string>
#include <string_view>

namespace baton {

// Text of any number of lines: tabs and line feeds are kept.
std::string clean_text(std::string_view text);

// One line (a name, a page title, a header field): clean_text, then every
// run of line breaks, tabs and spaces becomes one space, trimmed at both ends.
std::string clean_line(std::string_view text);

}  // namespace baton

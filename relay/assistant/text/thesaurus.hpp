#pragma once
// Words that mean the same thing in a shop's customer support, per language
// ("warranty" and "guarantee", "refund" and "return", "Ratenzahlung" and
// "Finanzierung"). Retrieval compares their shared concept, so a visitor who
// says it differently from the FAQ still finds the entry. Written from
// general support vocabulary, not from any one FAQ.

#include <string>

#include "common/lang.hpp"

namespace baton {

// The concept a stemmed term belongs to ("~warranty"), or the term itself.
std::string concept_of(const std::string& stemmed_term, Lang lang);

}  // namespace baton

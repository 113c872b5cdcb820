#pragma once
// Short codes that agents type on a phone keyboard ("#K7P2QX"): six characters
// from an alphabet without look-alikes (no 0/O, 1/I/L, U), about 729 million
// codes. Uniqueness is the store's job (a UNIQUE constraint and a retry).

#include <optional>
#include <string>
#include <string_view>

#include "common/random_source.hpp"

namespace baton {

inline constexpr std::string_view reference_alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t reference_code_length = 6;

std::string new_reference_code(RandomSource& random);

// Accepts what a person might type: any case, with or without a leading '#'.
// Returns the canonical upper-case code, or nothing if it cannot be one.
std::optional<std::string> normalize_reference_code(std::string_view typed);

}  // namespace baton

#include "relay/assistant/text/headword_table.hpp"

#include <algorithm>
#include <iterator>

namespace baton {

void HeadwordTable::add(std::string_view folded_headword, Place place) {
  rows_.push_back(
      {static_cast<std::uint32_t>(pool_.size()), static_cast<std::uint32_t>(folded_headword.size()), place});
  pool_ += folded_headword;
}

void HeadwordTable::sort() {
  // The files come sorted by their own collation, and folding moves only a
  // few rows: those are sorted apart and merged back, instead of sorting
  // half a million rows.
  auto before = [this](const Row& a, const Row& b) { return key(a) < key(b); };
  std::vector<Row> in_order;
  std::vector<Row> moved;
  in_order.reserve(rows_.size());
  for (const auto& row : rows_) {
    if (in_order.empty() || !before(row, in_order.back())) {
      in_order.push_back(row);
    } else {
      moved.push_back(row);
    }
  }
  std::stable_sort(moved.begin(), moved.end(), before);
  rows_.clear();
  rows_.reserve(in_order.size() + moved.size());
  std::merge(in_order.begin(), in_order.end(), moved.begin(), moved.end(), std::back_inserter(rows_), before);
  rows_.shrink_to_fit();
  pool_.shrink_to_fit();
}

std::vector<HeadwordTable::Row>::const_iterator HeadwordTable::lower_bound(std::string_view word) const {
  return std::lower_bound(rows_.begin(), rows_.end(), word,
                          [this](const Row& row, std::string_view w) { return key(row) < w; });
}

std::vector<HeadwordTable::Place> HeadwordTable::find(std::string_view folded_headword) const {
  std::vector<Place> out;
  for (auto it = lower_bound(folded_headword); it != rows_.end() && key(*it) == folded_headword; ++it) {
    out.push_back(it->place);
  }
  return out;
}

std::vector<std::string> HeadwordTable::words_starting_with(std::string_view prefix, std::size_t limit) const {
  std::vector<std::string> out;
  for (auto it = lower_bound(prefix); it != rows_.end() && out.size() < limit && key(*it).starts_with(prefix); ++it) {
    if (out.empty() || out.back() != key(*it)) out.emplace_back(key(*it));
  }
  return out;
}

std::string latin1_to_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char byte : text) {
    auto c = static_cast<unsigned char>(byte);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace baton

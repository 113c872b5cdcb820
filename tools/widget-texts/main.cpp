// Writes the widget's texts for each language but English into one file
// each (client/core/language.hpp says why): widget-texts <folder>.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "client/core/language.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: widget-texts <folder>\n");
    return 2;
  }
  std::filesystem::path folder = argv[1];
  std::filesystem::create_directories(folder);
  for (auto language : baton::all_langs) {
    if (language == baton::Lang::en) continue;
    auto path = folder / (std::string(baton::to_string(language)) + ".txt");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << baton::client::texts_file(language);
    if (!out.flush()) {
      std::fprintf(stderr, "widget-texts: cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}

#pragma once
// Small real files of the types attachments deal with, built in memory, for
// tests on both sides of the relay.

#include <string>

namespace baton::test {

// A valid 1x1 PNG (red), 69 bytes.
inline std::string tiny_png() {
  static const unsigned char bytes[] = {
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
      0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00,
      0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18,
      0xDD, 0x8D, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

// A one-page PDF with no content; `marker` makes files of the same shape differ.
inline std::string tiny_pdf(const std::string& marker = "") {
  return "%PDF-1.4\n% " + marker +
         "\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> "
         "endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\ntrailer << /Root 1 0 R "
         ">>\n%%EOF\n";
}

// An Ogg page header, as a voice note starts; enough for sniffing.
inline std::string ogg_voice_note() {
  std::string bytes("OggS\0\x02", 6);
  bytes += std::string(22, '\0');
  bytes += "\x01\x13OpusHead";
  bytes += std::string(64, '\x11');
  return bytes;
}

inline std::string gif_header() { return "GIF89a" + std::string(40, '\0'); }

}  // namespace baton::test

// How long the developer console takes to draw a frame (CPU, the view and
// the model; not the GPU) with `sessions` chats listed while `rate` events a
// second arrive: the issue's "60 frames/s with 2,000 sessions and 200
// events/s" means each frame within 16.7 ms. Draws headless (an ImGui
// context with no renderer), natively; the browser adds the WebGL calls.
//
//   console_frames [--sessions N] [--rate EVENTS_PER_S] [--frames N]
//
// Prints the mean and the 99th percentile; exits 1 if nothing was drawn.

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "client/console/console_model.hpp"
#include "client/console/console_view.hpp"
#include "client/console/headless_imgui.hpp"

namespace {

int flag(int argc, char** argv, const std::string& name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) {
      try {
        return std::max(1, std::stoi(argv[i + 1]));
      } catch (const std::exception&) {
        std::fprintf(stderr, "%s: expected a whole number, got \"%s\"\n", name.c_str(), argv[i + 1]);
        std::exit(2);
      }
    }
  }
  return fallback;
}

std::string event(int n, int sessions) {
  auto session = "s" + std::to_string(n % sessions);
  auto id = "m" + std::to_string(n);
  switch (n % 4) {
    case 0:
      return R"({"type":"message","t":)" + std::to_string(1000 + n) + R"(,"session":")" + session + R"(","id":")" + id +
             R"(","seq":)" + std::to_string(n) +
             R"(,"cid":"","author":"visitor","kind":"text","status":"sent","length":20,"tabs":1})";
    case 1:
      return R"({"type":"outbox","t":1,"session":")" + session + R"(","row":")" + std::to_string(n) +
             R"(","message":"m)" + std::to_string(n - 1) +
             R"(","recipient":"+1555***0001","purpose":"relay","state":"pending","attempts":0,"change":"queued"})";
    case 2:
      return R"({"type":"graph","t":1,"session":")" + session + R"(","row":")" + std::to_string(n - 1) +
             R"(","attempt":1,"http":200,"outcome":"accepted","ms":40,"wamid":"wamid.)" + std::to_string(n) + R"("})";
    default:
      return R"({"type":"webhook","t":1,"result":"stored","items":[{"item":"status","wamid":"wamid.)" +
             std::to_string(n - 1) + R"(","status":"delivered","row":")" + std::to_string(n - 2) + R"("}]})";
  }
}

}  // namespace

int main(int argc, char** argv) {
  int sessions = flag(argc, argv, "--sessions", 2000);
  int rate = flag(argc, argv, "--rate", 200);
  int frames = flag(argc, argv, "--frames", 600);

  baton::console::ConsoleModel model;
  std::string snapshot = R"({"type":"snapshot","t":1,"sessions":[)";
  for (int i = 0; i < sessions; ++i) {
    if (i > 0) snapshot += ',';
    snapshot += R"({"session":"s)" + std::to_string(i) + R"(","code":"C)" + std::to_string(i) +
                R"(","state":"live","agent":"Ana","updated":)" + std::to_string(i) + "}";
  }
  model.apply(snapshot + R"(],"agents":[],"outbox":[],"mail":[]})");

  baton::console::HeadlessImgui imgui(1600, 1000);
  baton::console::ConsoleView view;
  view.select("s1");

  // 60 frames a second: rate/60 events before each frame, carried over.
  std::vector<double> ms;
  double owed = 0;
  int sent = 0;
  std::size_t vertices = 0;
  for (int f = 0; f < frames; ++f) {
    owed += rate / 60.0;
    auto started = std::chrono::steady_clock::now();
    for (; owed >= 1; owed -= 1) model.apply(event(++sent, sessions));
    ImGui::NewFrame();
    view.draw(model, 5000);
    ImGui::Render();
    vertices = static_cast<std::size_t>(ImGui::GetDrawData()->TotalVtxCount);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  }
  std::sort(ms.begin(), ms.end());
  double mean = 0;
  for (double v : ms) mean += v;
  mean /= static_cast<double>(ms.size());
  double p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  std::printf(
      "console frames: %d chats, %d events/s, %d frames: mean %.2f ms, p99 %.2f ms (budget 16.7 ms); "
      "%d events applied, %zu vertices in the last frame\n",
      sessions, rate, frames, mean, p99, sent, vertices);
  return vertices > 0 && model.lines_applied() > 1 ? 0 : 1;
}

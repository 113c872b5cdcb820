// The developer console in the browser: a GLFW window on the page's canvas,
// Dear ImGui on WebGL2, and the admin stream. Everything it shows is in the
// portable model and view (client/console); this file only wires them to the
// browser, as TOOLCHAIN.md's recipe says (no blocking loop: the browser
// calls frame() on each animation frame).

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>

#include "client/console/console_model.hpp"
#include "client/console/console_view.hpp"
#include "client/console/web/console_socket.hpp"
#include "client/core/json_text.hpp"

namespace {

using baton::console::ConsoleModel;
using baton::console::ConsoleRequest;
using baton::console::ConsoleSocket;
using baton::console::ConsoleView;

struct App {
  GLFWwindow* window = nullptr;
  ConsoleModel model;
  ConsoleView view;
  ConsoleSocket socket{model};
  std::string summary;  // kept alive for console_summary()
};

App* app = nullptr;

// (JavaScript inside: not C++ to format.)
// clang-format off
EM_JS(double, unix_now_ms, (), { return Date.now(); });
// clang-format on

// The canvas fills the page; its drawing buffer has the device's pixels, and
// ImGui works in those pixels (fonts scaled by the pixel ratio), because
// that is what GLFW's mouse positions are in. Not glfwSetWindowSize: under
// Emscripten a window the size of the screen means "go fullscreen".
double pixel_ratio = 1;
int canvas_width = 0, canvas_height = 0;

void fit_canvas() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  canvas_width = static_cast<int>(std::lround(css_w * pixel_ratio));
  canvas_height = static_cast<int>(std::lround(css_h * pixel_ratio));
  emscripten_set_canvas_element_size("#canvas", canvas_width, canvas_height);
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
  fit_canvas();
  return EM_FALSE;
}

void handle(const ConsoleRequest& request) {
  using Kind = ConsoleRequest::Kind;
  switch (request.kind) {
    case Kind::sign_in: app->socket.sign_in(request.value); break;
    case Kind::sign_out: app->socket.sign_out(); break;
    case Kind::transcript:
      app->socket.send("{\"type\":\"transcript\",\"session\":" + baton::client::json::quote(request.value) + "}");
      break;
    case Kind::trace:
      app->socket.send("{\"type\":\"trace\",\"id\":" + baton::client::json::quote(request.value) + "}");
      break;
    case Kind::action: app->socket.send(request.value); break;
    case Kind::faults: app->socket.send("{\"type\":\"faults\"}"); break;
    case Kind::body: app->socket.send(request.value); break;
  }
}

void frame() {
  app->socket.tick(emscripten_get_now());
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  auto& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(canvas_width), static_cast<float>(canvas_height));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  ImGui::NewFrame();
  for (const auto& request : app->view.draw(app->model, static_cast<std::int64_t>(unix_now_ms()))) handle(request);
  ImGui::Render();
  glViewport(0, 0, canvas_width, canvas_height);
  glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace

// The model as JSON, for the browser test (window.batonConsole.summary()).
extern "C" EMSCRIPTEN_KEEPALIVE const char* console_summary() {
  app->summary = app->model.summary_json();
  return app->summary.c_str();
}

// Opens a panel and picks a chat (window.batonConsole.show(panel, session)).
extern "C" EMSCRIPTEN_KEEPALIVE void console_show(const char* panel, const char* session_id) {
  app->view.show(panel);
  if (session_id[0] != '\0') {
    app->view.select(session_id);
    handle(ConsoleRequest{ConsoleRequest::Kind::transcript, session_id});
  }
}

// Tests find buttons by label to click them with the real mouse
// (window.batonConsole.where): recording keeps every label drawn, so it is
// on only while a test asks.
extern "C" EMSCRIPTEN_KEEPALIVE void console_record(int on) { app->view.record(on != 0); }

// "x,y" of the button labelled `label` in the last frame (device pixels), or "".
extern "C" EMSCRIPTEN_KEEPALIVE const char* console_where(const char* label) {
  float x = 0, y = 0;
  app->summary = app->view.where(label, x, y) ? std::to_string(x) + "," + std::to_string(y) : std::string();
  return app->summary.c_str();
}

int main() {
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  app = new App();
  app->window = glfwCreateWindow(1280, 800, "Baton console", nullptr, nullptr);
  if (!app->window) return 1;
  glfwMakeContextCurrent(app->window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  auto& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing stored in the browser
  ImGui::StyleColorsDark();
  ImGui::GetStyle().FrameRounding = 3;
  pixel_ratio = std::max(1.0, emscripten_get_device_pixel_ratio());
  ImGui::GetStyle().ScaleAllSizes(static_cast<float>(pixel_ratio));
  io.FontGlobalScale = static_cast<float>(pixel_ratio);
  ImGui_ImplGlfw_InitForOpenGL(app->window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  fit_canvas();
  emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}

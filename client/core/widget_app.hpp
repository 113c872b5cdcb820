#pragma once
// The widget assembled: the state machine, its view, and the platform that
// carries out its commands. The browser glue feeds it events; everything it
// decides happens here, in portable C++.

#include <memory>
#include <optional>

#include "client/core/branding.hpp"
#include "client/core/dom.hpp"
#include "client/core/model.hpp"
#include "client/core/platform.hpp"
#include "client/core/update.hpp"
#include "client/core/widget_view.hpp"

namespace baton::client {

class WidgetApp {
 public:
  WidgetApp(Platform& platform, Dom& dom);

  // Reads the storage, draws the widget, connects if a session exists.
  void start(PageInfo page, std::string configured_language, Branding branding = {});
  void dispatch(const Action& action);
  void dom_event(Node node, DomEvent event);
  // Another tab wrote the shared storage.
  void storage_changed();

  const Model& model() const { return model_; }

 private:
  void run(const std::vector<Command>& commands);
  void save(const command::Save& what);
  StoredState read_storage();

  Platform& platform_;
  Dom& dom_;
  Model model_;
  std::unique_ptr<WidgetView> view_;
};

}  // namespace baton::client

#include "client/core/widget_app.hpp"

namespace baton::client {

WidgetApp::WidgetApp(Platform& platform, Dom& dom) : platform_(platform), dom_(dom) {}

StoredState WidgetApp::read_storage() {
  StoredState stored;
  if (auto text = platform_.load(session_key)) stored.session = session_from_json(*text);
  if (auto text = platform_.load(outbox_key)) stored.outbox = outbox_from_json(*text);
  if (auto text = platform_.load(pages_key)) stored.pages = pages_from_json(*text);
  if (auto text = platform_.load(identity_key)) identity_from_json(*text, stored.identity, stored.traits);
  if (auto text = platform_.load(reading_key)) stored.reading = reading_from_json(*text);
  return stored;
}

void WidgetApp::start(PageInfo page, std::string configured_language, Branding branding) {
  action::Start start{std::move(page), read_storage(), std::move(configured_language)};
  model_.language = pick_language(start.configured_language, start.page.browser_languages);
  view_ = std::make_unique<WidgetView>(dom_, model_.language, platform_.local_time(), std::move(branding));
  dispatch(start);
}

void WidgetApp::dispatch(const Action& action) {
  Environment environment{platform_.now_ms(), &platform_.random(), &platform_.local_time()};
  auto commands = update(model_, action, environment);
  run(commands);
  if (!view_) return;
  view_->render(model_);
  // Focus moves only once the element it goes to is drawn and visible.
  for (const auto& command : commands) {
    if (const auto* focus = std::get_if<command::Focus>(&command)) view_->focus(focus->target);
  }
}

void WidgetApp::dom_event(Node node, DomEvent event) {
  if (!view_) return;
  if (auto action = view_->action_for(node, event)) dispatch(*action);
}

void WidgetApp::storage_changed() { dispatch(action::StorageChanged{read_storage()}); }

void WidgetApp::run(const std::vector<Command>& commands) {
  for (const auto& command : commands) {
    std::visit(
        [this](const auto& c) {
          using C = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<C, command::OpenSocket>) {
            platform_.open_socket();
          } else if constexpr (std::is_same_v<C, command::SendFrame>) {
            platform_.send_socket(c.bytes);
          } else if constexpr (std::is_same_v<C, command::CloseSocket>) {
            platform_.close_socket();
          } else if constexpr (std::is_same_v<C, command::Http>) {
            platform_.http(c.purpose, c.method, c.path, c.body, c.bearer);
          } else if constexpr (std::is_same_v<C, command::Save>) {
            save(c);
          } else if constexpr (std::is_same_v<C, command::StartTimer>) {
            platform_.start_timer(c.kind, c.delay_ms);
          } else if constexpr (std::is_same_v<C, command::Announce>) {
            if (view_) view_->announce(c.text);
          } else if constexpr (std::is_same_v<C, command::Notify>) {
            platform_.notify(c.event, c.detail_json);
          } else if constexpr (std::is_same_v<C, command::Chime>) {
            platform_.chime(c.line);
          } else if constexpr (std::is_same_v<C, command::Upload>) {
            platform_.upload(c.file, c.path, c.bearer);
          } else if constexpr (std::is_same_v<C, command::ForgetFile>) {
            platform_.forget_file(c.file);
          }
        },
        command);
  }
}

// Writes what changed. The outbox is merged with what other tabs stored in
// the meantime, so no tab erases another's queued messages.
void WidgetApp::save(const command::Save& what) {
  auto& stored = model_.stored;
  bool ok = true;
  if (what.session) ok &= platform_.store(session_key, session_to_json(stored.session));
  if (what.outbox) {
    auto theirs = outbox_from_json(platform_.load(outbox_key).value_or("[]"));
    stored.outbox = merge_outboxes(stored.outbox, theirs, model_.acknowledged);
    for (const auto& item : stored.outbox) model_.conversation.add_queued(item);
    ok &= platform_.store(outbox_key, outbox_to_json(stored.outbox));
  }
  if (what.pages) ok &= platform_.store(pages_key, pages_to_json(stored.pages));
  if (what.identity) ok &= platform_.store(identity_key, identity_to_json(stored.identity, stored.traits));
  if (what.reading) ok &= platform_.store(reading_key, reading_to_json(stored.reading));
  if (!ok && !model_.storage_full)
    run(update(model_, action::StorageFull{}, {platform_.now_ms(), &platform_.random(), &platform_.local_time()}));
}

}  // namespace baton::client

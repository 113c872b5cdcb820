/* Baton's widget loader: one script tag on any page draws the launcher in a
 * Shadow DOM and loads the WebAssembly widget when needed. Its data-* options
 * and window.ChatWidget API are in docs/widget.md (kept there, not here: every
 * byte of this file is downloaded on every page). */
(() => {
  'use strict';
  performance.mark('baton:script');
  const script = document.currentScript;
  if (!script || window.__batonLoaded) return;
  window.__batonLoaded = true;
  const data = script.dataset;
  const relay = (data.relay || new URL(script.src).origin).replace(/\/+$/, '');
  const labels = { en: 'Open chat', es: 'Abrir chat', pt: 'Abrir chat', fr: 'Ouvrir le chat', de: 'Chat öffnen', ar: 'فتح المحادثة' };
  // The page's or the browser's language; else the owner's default (below), else English.
  const chosen = [data.lang || ''].concat(navigator.languages || [navigator.language || ''])
    .map((tag) => tag.slice(0, 2).toLowerCase()).find((tag) => labels[tag]);
  let pick = chosen || 'en';
  // The site's words in the widget's language (data-title-es), else for all (data-title).
  const words = (name) => data[name + pick[0].toUpperCase() + pick[1]] || data[name] || '';
  // The launcher's words: this page's, or the owner's once the relay says (below).
  let launcherLabel = words('launcherLabel');
  const greetingText = words('greeting');

  const host = document.createElement('div');
  host.id = 'baton-chat';
  if (data.position === 'left') host.classList.add('left');
  if (data.color) host.style.setProperty('--baton-accent', data.color);
  for (const axis of ['x', 'y']) {
    const pixels = Number.parseInt(data['offset' + axis.toUpperCase()], 10);
    if (pixels >= 0 && pixels <= 400) host.style.setProperty('--baton-offset-' + axis, pixels + 'px');
  }
  // The site's own button opens the chat (ChatWidget.open()): no launcher.
  if (data.launcher === 'none') host.classList.add('no-launcher');
  // Dark follows the visitor's system unless the site chose.
  const dark = matchMedia('(prefers-color-scheme: dark)');
  let chosenTheme = data.theme;
  const theme = () => host.classList.toggle('dark', chosenTheme === 'dark' || (chosenTheme !== 'light' && dark.matches));
  theme();
  dark.addEventListener('change', theme);
  const shadow = host.attachShadow({ mode: 'open' });
  const make = (tag, attributes, parent) => {
    const element = document.createElement(tag);
    for (const name in attributes) element.setAttribute(name, attributes[name]);
    (parent || shadow).appendChild(element);
    return element;
  };
  make('link', { rel: 'stylesheet', href: relay + '/widget.css' });
  const root = make('div', { class: 'widget', dir: pick === 'ar' ? 'rtl' : 'ltr' });
  const launcher = make('button', { type: 'button', class: 'launcher', 'aria-label': labels[pick], 'aria-haspopup': 'dialog', 'aria-expanded': 'false' });
  // Built node by node (no innerHTML): pages with Trusted Types stay happy.
  const svg = 'http://www.w3.org/2000/svg';
  const icon = launcher.appendChild(document.createElementNS(svg, 'svg'));
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  icon.appendChild(document.createElementNS(svg, 'path'))
    .setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  // The site's words beside the icon start the button's name too.
  // Kept for the widget, which names the button again as the chat changes.
  const label = (text) => {
    launcherLabel = text;
    launcher.classList.add('labelled');
    make('span', { class: 'label' }, launcher).textContent = text;
    launcher.setAttribute('aria-label', text + ', ' + labels[pick]);
  };
  if (launcherLabel) label(launcherLabel);
  const badge = make('span', { class: 'badge', hidden: '' }, launcher);
  let greeting = null;
  if (greetingText && !sessionStorage.getItem('baton.greeted')) {
    greeting = make('p', { class: 'greeting', role: 'status' });
    greeting.textContent = greetingText;
    greeting.addEventListener('click', () => act('open'));
  }
  // Shown once the relay allows this site (else a console line says what to
  // change); an unreachable relay still gets it. Inline: :host undoes hidden.
  host.style.display = 'none';
  (document.body || document.documentElement).appendChild(host);
  const allowed = fetch(relay + '/v1/widget/check', { credentials: 'omit' }).then(async (answer) => {
    // The owner's look from the admin page; this page's data-* attributes win.
    const look = answer.ok ? await answer.json().catch(() => ({})) : {};
    if (!chosen && labels[look.lang]) {
      pick = look.lang;
      root.dir = pick === 'ar' ? 'rtl' : 'ltr';
      launcher.setAttribute('aria-label', (launcherLabel ? launcherLabel + ', ' : '') + labels[pick]);
    }
    if (look.color && !data.color) host.style.setProperty('--baton-accent', look.color);
    if (look.position === 'left' && !data.position) host.classList.add('left');
    if (look.theme && !data.theme) {
      chosenTheme = look.theme;
      theme();
    }
    if (look.launcher_label && !launcherLabel) label(look.launcher_label);
    if (answer.status !== 403) return true;
    const error = ((await answer.json().catch(() => null)) || {}).error || {};
    if (error.code !== 'origin_not_allowed') return true;
    console.error(`Baton chat: the relay at ${relay} refused this page's origin, ${location.origin}, so the chat ` +
      `stays hidden. Start the relay with --allowed-origins ${location.origin} (or add it to allowed_origins in ` +
      `its configuration file). The relay said: ${error.message}`);
    host.remove();
    return false;
  }, () => true);
  allowed.then((ok) => {
    if (!ok) return;
    host.style.removeProperty('display');
    performance.mark('baton:launcher');
  });

  // The page API: a queue until the widget is loaded, then direct calls.
  const earlier = (window.ChatWidget && window.ChatWidget.q) || [];
  const queue = [];
  let api = null;
  const act = (name, ...args) => {
    if (greeting) {
      greeting.remove();
      greeting = null;
      sessionStorage.setItem('baton.greeted', '1');
    }
    if (api) api[name](...args);
    else {
      queue.push([name, args]);
      load();
    }
  };
  // Site callbacks, each in its own task: a failing one cannot break the widget.
  const listeners = { open: [], close: [], message: [], handoff: [] };
  const emit = (name, detail) => {
    for (const fn of listeners[name] || []) setTimeout(() => fn(detail));
  };
  // Logout: this browser forgets the chat (before the widget runs: its storage).
  const reset = () => {
    try {
      if (!api) for (const key of Object.keys(localStorage)) if (key.startsWith('baton.')) localStorage.removeItem(key);
      sessionStorage.removeItem('baton.greeted');
    } catch { /* storage off: nothing kept */ }
    if (api) api.reset();
  };
  // track(event, {value, currency, id}): a success counted for this browser's
  // chat, with the chat's token; a page left at once still sends it. Without
  // a chat there is nothing to count. Resolves to whether the relay has it.
  const convert = (event, { value, currency, id } = {}) => {
    let chat;
    try { chat = JSON.parse(localStorage.getItem('baton.session')); } catch { /* storage off */ }
    if (!chat || !chat.id) return Promise.resolve(false);
    const cid = String(id || Date.now().toString(36) + Math.random().toString(36).slice(2)).replace(/[^\w-]/g, '-');
    return fetch(`${relay}/v1/sessions/${chat.id}/conversions`, {
      method: 'POST', keepalive: true, credentials: 'omit',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${chat.token}` },
      body: JSON.stringify({ cid: cid.slice(0, 64), event: String(event), value, currency }),
    }).then((answer) => answer.ok, () => false);
  };
  window.ChatWidget = {
    open: () => act('open'),
    close: () => act('close'),
    identify: (person) => (api ? api.identify(person) : queue.push(['identify', [person]])),
    track: (name, value) => (value && typeof value === 'object' ? convert(name, value)
      : api ? api.track(name, value) : queue.push(['track', [name, value]])),
    reset,
    on: (name, fn) => {
      if (!listeners[name] || typeof fn !== 'function') throw new TypeError(`ChatWidget.on: no event named ${name}`);
      listeners[name].push(fn);
      return () => { listeners[name] = listeners[name].filter((f) => f !== fn); };
    },
  };
  for (const [name, ...args] of earlier) window.ChatWidget[name] && window.ChatWidget[name](...args);

  // data-logo may be relative to the page; the widget takes only http(s).
  const absolute = (url) => { try { return url ? new URL(url, document.baseURI).href : ''; } catch { return ''; } };
  let loading = false;
  function load() {
    if (loading) return;
    loading = true;
    allowed.then((ok) => ok && start());
  }
  function start() {
    // Only English is inside the widget; another language's texts come beside it.
    const texts = pick === 'en' ? '' : fetch(`${relay}/widget-texts/${pick}.txt`, { credentials: 'omit' })
      .then((answer) => (answer.ok ? answer.text() : ''), () => '');
    const core = document.createElement('script');
    core.src = relay + '/widget-core.js';
    core.async = true;
    core.onload = () => window.BatonWidget({
      baton: { root, launcher, badge, host, relay, emit, launcherLabel, lang: pick, texts,
        title: words('title'), logo: absolute(data.logo), replyTime: words('replyTime') },
      locateFile: (file) => relay + '/' + file,
    }).then((module) => module.baton.started).then((baton) => {
      api = baton.api;
      performance.mark('baton:ready');
      // Calls queued meanwhile run in a task of their own, after the widget drew itself.
      setTimeout(() => { for (const [name, args] of queue.splice(0)) api[name](...args); });
    });
    document.head.appendChild(core);
  }
  // Before the widget runs the panel looks closed: a click means open.
  launcher.addEventListener('click', () => act(api ? 'toggle' : 'open'));
  for (const wake of ['pointerenter', 'focus', 'touchstart']) launcher.addEventListener(wake, load, { once: true, passive: true });
  // Open on the last page: load now, not when idle.
  let reopen = false;
  try { reopen = JSON.parse(localStorage.getItem('baton.reading') || '{}').open === true; } catch { /* storage off */ }
  if (reopen) load();
  else if ('requestIdleCallback' in window) requestIdleCallback(load, { timeout: 5000 });
  else setTimeout(load, 3000);
})();

// Browser glue of the widget (appended to widget-core.js with --post-js):
// the element table behind the DOM interface, the live stream, fetch, and the
// page events that become actions. All decisions are made in C++.
(function () {
  const b = Module.baton;
  b.nodes = [b.root];
  b.free = [];  // slots released by clear(), reused so the table stays as large as the tree
  b.root.__baton = 0;
  b.keep = (node) => {
    node.__baton = b.free.length ? b.free.pop() : b.nodes.push(null) - 1;
    b.nodes[node.__baton] = node;
    return node.__baton;
  };

  const send = (name, ...args) => Module['_baton_' + name](...args);
  const withText = (text, use) => {
    const size = lengthBytesUTF8(text) + 1;
    const pointer = _malloc(size);
    stringToUTF8(text, pointer, size);
    try {
      use(pointer, size - 1);
    } finally {
      _free(pointer);
    }
  };

  // A file the visitor chose, dropped or pasted: kept here under a handle
  // with an object URL of it (its preview), and its first bytes go to the
  // widget, which checks them as the relay will (common/media_type.hpp).
  b.files = [];
  const take = (file) => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    const handle = b.files.push({ file, url }) - 1;
    file.slice(0, 64).arrayBuffer().then((head) => {
      const bytes = new Uint8Array(head);
      const pointer = _malloc(64);
      HEAPU8.set(bytes, pointer);
      withText(file.name, (name, nameLength) => withText(url, (link, linkLength) =>
        send('file', handle, name, nameLength, file.size, pointer, bytes.length, link, linkLength)));
      _free(pointer);
    });
  };

  // DomEvent: 0 click, 1 submit, 2 input, 3 enter, 4 escape, 5 files.
  b.listen = (id, kind) => {
    const element = b.nodes[id];
    const fire = () => send('dom_event', id, kind);
    if (kind === 0) element.addEventListener('click', fire);
    if (kind === 1) element.addEventListener('submit', (event) => { event.preventDefault(); fire(); });
    if (kind === 2) element.addEventListener('input', fire);
    if (kind === 3) {
      element.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          fire();
        }
      });
    }
    if (kind === 4) {
      element.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          fire();
        }
        // A modal dialog keeps Tab inside it, from its last control to its first.
        if (event.key === 'Tab' && element.getAttribute('aria-modal') === 'true') {
          const inside = [...element.querySelectorAll('button, [href], input, textarea, select')]
            .filter((control) => !control.disabled && !control.closest('[hidden]'));
          if (inside.length === 0) return;
          const first = inside[0];
          const last = inside[inside.length - 1];
          const active = element.getRootNode().activeElement;
          if (active === (event.shiftKey ? first : last) || !element.contains(active)) {
            event.preventDefault();
            (event.shiftKey ? last : first).focus();
          }
        }
      });
    }
    if (kind === 5) {
      element.addEventListener('change', (event) => {
        const input = event.target;
        if (input.type !== 'file') return;
        take(input.files[0]);
        input.value = '';  // the same file may be chosen again
      });
      element.addEventListener('paste', (event) => {
        const file = event.clipboardData && event.clipboardData.files[0];
        if (!file) return;
        event.preventDefault();
        take(file);
      });
      element.addEventListener('dragover', (event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        element.setAttribute('data-drop', '');
      });
      element.addEventListener('dragleave', (event) => {
        if (!element.contains(event.relatedTarget)) element.removeAttribute('data-drop');
      });
      element.addEventListener('drop', (event) => {
        element.removeAttribute('data-drop');
        const file = event.dataTransfer.files[0];
        if (!file) return;
        event.preventDefault();
        take(file);
      });
    }
  };

  // One socket at a time: events of a replaced socket are ignored.
  let generation = 0;
  b.openSocket = () => {
    b.closeSocket();
    const mine = ++generation;
    const socket = new WebSocket(b.relay.replace(/^http/, 'ws') + '/v1/ws', ['baton.v1.bin']);
    socket.binaryType = 'arraybuffer';
    b.socket = socket;
    socket.onopen = () => { if (mine === generation) send('socket_opened'); };
    socket.onmessage = (event) => {
      if (mine !== generation) return;
      const bytes = new Uint8Array(event.data);
      const pointer = _malloc(bytes.length || 1);
      HEAPU8.set(bytes, pointer);
      try {
        send('socket_data', pointer, bytes.length);
      } finally {
        _free(pointer);
      }
    };
    socket.onclose = (event) => {
      if (mine !== generation) return;
      b.socket = null;
      send('socket_closed', event.code);
    };
  };
  b.closeSocket = () => {
    if (!b.socket) return;
    generation++;
    b.socket.close(1000);
    b.socket = null;
  };

  b.http = (purpose, method, path, body, bearer) => {
    const headers = { 'Content-Type': 'application/json' };
    if (bearer) headers['Authorization'] = 'Bearer ' + bearer;  // quoted: a header's name, kept as is by Closure
    const done = (status, text) => withText(text, (pointer, length) => send('http_done', purpose, status, pointer, length));
    const request = () => fetch(b.relay + path, { method, headers, body: body || undefined, credentials: 'omit', cache: 'no-store' })
      .then((response) => response.text().then((text) => done(response.status, text)))
      .catch(() => done(0, ''));
    // Making the chat (purpose 0): one tab at a time, holding the lock until
    // the new chat is stored. Two tabs opened together (a restored window,
    // each with a message waiting) would otherwise each make a chat, and the
    // later one would take over the other's. A tab that waited reads the
    // chat made meanwhile and goes over to it instead.
    const locks = navigator['locks'];
    if (purpose !== 0 || !locks) return void request();
    locks['request']('baton.session', () => {
      send('storage_changed');
      return send('needs_session') ? request() : undefined;
    });
  };

  // Attachments' bytes, fetched with the chat's token in a header (never in
  // a URL) and kept as object URLs for the page's life: a path names one
  // file of one chat. While one is fetched, its promise stands in.
  b.blobs = {};
  const fetchFile = (path, bearer) => (b.blobs[path] = b.blobs[path] ||
    fetch(b.relay + path, { headers: { 'Authorization': 'Bearer ' + bearer }, credentials: 'omit' })
      .then((response) => (response.ok ? response.blob() : Promise.reject()))
      .then((blob) => (b.blobs[path] = URL.createObjectURL(blob)), () => { delete b.blobs[path]; }));
  b.showFile = (element, attribute, path, bearer) => {
    const known = b.blobs[path];
    if (typeof known === 'string') return element.setAttribute(attribute, known);
    if (attribute !== 'href') {
      Promise.resolve(fetchFile(path, bearer)).then((url) => url && element.setAttribute(attribute, url));
      return;
    }
    // A document is fetched when its link is followed, not with the log.
    element.setAttribute('href', '#');
    element.addEventListener('click', (event) => {
      if (element.getAttribute('href') !== '#') return;
      event.preventDefault();
      Promise.resolve(fetchFile(path, bearer)).then((url) => {
        if (!url) return;
        element.setAttribute('href', url);
        element.click();
      });
    });
  };

  // The chosen file's bytes (not multipart), with its name percent-encoded;
  // a newer upload replaces one still under way.
  b.upload = (purpose, handle, path, bearer) => {
    if (b.sending) b.sending.abort();
    const chosen = b.files[handle];
    b.sendingHandle = handle;
    const request = (b.sending = new XMLHttpRequest());
    request.open('POST', b.relay + path);
    request.setRequestHeader('Authorization', 'Bearer ' + bearer);
    request.setRequestHeader('X-File-Name', encodeURIComponent(chosen.file.name));
    request.upload.onprogress = (event) => send('upload_progress', event.loaded);
    const done = (status) => {
      b.sending = null;
      const text = request.responseText;
      // The visitor's own copy shows what they sent: nothing is fetched back.
      try {
        if (status === 201) b.blobs[path + '/' + JSON.parse(text)['attachment']['id']] = chosen.url;
      } catch (e) { /* no id: the widget says the upload failed */ }
      withText(text, (pointer, length) => send('http_done', purpose, status, pointer, length));
    };
    request.onload = () => done(request.status);
    request.onerror = () => done(0);
    request.send(chosen.file);
  };

  // A file taken back (or refused): its upload stops at once and the
  // browser may free its bytes. A file that was sent keeps its URL, which
  // shows it in the log.
  b.forgetFile = (handle) => {
    const chosen = b.files[handle];
    if (!chosen) return;
    if (b.sending && b.sendingHandle === handle) {
      b.sending.abort();
      b.sending = null;
    }
    URL.revokeObjectURL(chosen.url);
    b.files[handle] = null;
  };

  b.page = (which) => {
    switch (which) {
      case 0: return location.href;
      case 1: return document.title;
      case 2: return document.referrer;
      case 3: return navigator.language || '';
      case 4: return '';  // read later: the first Intl call costs ~10 ms (see below)
      case 5: return navigator.userAgent;
      case 6: return (navigator.languages || []).join('\n');
      case 7: return b.lang || '';
      case 8: return b.title || '';
      case 9: return b.logo || '';
      case 10: return b.replyTime || '';
      case 11: return b.textsFile || '';
      default: return '';
    }
  };

  b.setLauncher = (open, label, badge, badgeLabel) => {
    const named = b.launcherLabel ? b.launcherLabel + ', ' + label : label;
    b.launcher.setAttribute('aria-label', badgeLabel ? named + ' (' + badgeLabel + ')' : named);
    b.launcher.setAttribute('aria-expanded', open ? 'true' : 'false');
    b.launcher.classList.toggle('open', open);
    b.badge.textContent = badge;
    b.badge.hidden = !badge;
    b.host.classList.toggle('open', open);
    // Full screen on a phone, the panel must not let the page behind it
    // scroll under the visitor's finger; the page's own setting comes back.
    const lock = open && matchMedia('(max-width: 480px)').matches;
    if (lock && !b.unlockScroll) {
      const root = document.documentElement;
      const before = root.style.overflow;
      root.style.overflow = 'hidden';
      b.unlockScroll = () => { root.style.overflow = before; };
    } else if (!lock && b.unlockScroll) {
      b.unlockScroll();
      b.unlockScroll = null;
    }
  };

  // Where the visitor left the log, per tab, for the site's next page (the
  // widget goes back there while it replays the history): its distance from
  // the end, so messages that arrive meanwhile do not move it.
  try {
    const kept = Number(window.sessionStorage.getItem('baton.scroll'));
    if (kept > 0) b.kept = kept;
    window.sessionStorage.removeItem('baton.scroll');
  } catch (e) { /* storage off */ }
  addEventListener('pagehide', () => {
    const log = b.scroller;
    if (!log) return;
    try {
      window.sessionStorage.setItem('baton.scroll', String(Math.max(0, log.scrollHeight - log.scrollTop - log.clientHeight)));
    } catch (e) { /* storage off */ }
  });
  addEventListener('online', () => send('network', 1));
  addEventListener('offline', () => send('network', 0));
  addEventListener('focus', () => send('wake'));
  document.addEventListener('visibilitychange', () => send('visibility', document.visibilityState === 'visible' ? 1 : 0));
  addEventListener('storage', (event) => { if (!event.key || event.key.startsWith('baton.')) send('storage_changed'); });

  // "(2) Shop" while the tab is hidden and messages wait. The page's own
  // title is kept, and left alone if the page changed it meanwhile.
  b.setPageUnread = (unread) => {
    const marked = (title) => '(' + unread + ') ' + title;
    if (unread > 0) {
      if (b.pageTitle === undefined || document.title !== b.shownTitle) b.pageTitle = document.title;
      b.shownTitle = marked(b.pageTitle);
      document.title = b.shownTitle;
    } else if (b.pageTitle !== undefined) {
      if (document.title === b.shownTitle) document.title = b.pageTitle;
      b.pageTitle = undefined;
    }
  };

  // Two soft notes, made here (no sound file). Browsers let a page play
  // sound only after the visitor interacted with it. While the page is
  // hidden, a notification too, if the browser allows them: asked when the
  // visitor turns the bell on (a click, which browsers require), and naming
  // who wrote, never what (it may show on a locked screen).
  b.chime = (line) => {
    const notes = window.Notification;
    if (notes && !line && notes.permission === 'default') notes.requestPermission();
    if (notes && line && document.hidden && notes.permission === 'granted') {
      const shown = new notes(line, { tag: 'baton', icon: b.logo || undefined });
      shown.onclick = () => {
        window.focus();
        send('open');
        shown.close();
      };
    }
    try {
      b.audio = b.audio || new AudioContext();
      const now = b.audio.currentTime;
      // (No destructuring here: Emscripten's JS optimizer cannot read it.)
      for (const note of [[0, 880], [0.12, 1320]]) {
        const at = note[0];
        const pitch = note[1];
        const tone = b.audio.createOscillator();
        const level = b.audio.createGain();
        tone.frequency.value = pitch;
        level.gain.setValueAtTime(0.0001, now + at);
        level.gain.exponentialRampToValueAtTime(0.08, now + at + 0.02);
        level.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.25);
        tone.connect(level).connect(b.audio.destination);
        tone.start(now + at);
        tone.stop(now + at + 0.3);
      }
    } catch (e) { /* no audio here */ }
  };

  b.api = {
    toggle: () => send('toggle'),
    open: () => send('open'),
    close: () => send('close'),
    reset: () => send('reset'),
    identify: (person) => {
      const p = person || {};
      withText(String(p.name || ''), (n, nl) => withText(String(p.email || ''), (e, el) =>
        withText(String(p.phone || ''), (t, tl) => send('identify', n, nl, e, el, t, tl))));
    },
    track: (name, value) => withText(String(name), (n, nl) => withText(String(value), (v, vl) => send('track', n, nl, v, vl))),
  };

  // The widget is drawn in a task of its own, after the one that
  // instantiated the module: neither holds the page's main thread for long.
  Module['onRuntimeInitialized'] = () => {
    // The visitor's language's texts (fetched by the loader meanwhile; '' if
    // English, or if they could not be had: then the widget speaks English).
    b.started = Promise.resolve(b.texts).then((file) => new Promise((done) => setTimeout(() => {
      b.textsFile = file || '';
      send('start');
      if (!navigator.onLine) send('network', 0);
      if (document.visibilityState === 'hidden') send('visibility', 0);
      done(b);
      setTimeout(() => {
        let zone = '';
        try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { /* no Intl */ }
        withText(zone, (pointer, length) => send('time_zone', pointer, length));
      });
    })));
  };
})();

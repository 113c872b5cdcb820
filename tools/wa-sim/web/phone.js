// The wa-sim phone page: a person plays one WhatsApp user talking to the
// business. Everything goes through the /sim/ API of the page's own origin;
// every piece of message data is written with textContent, never as HTML.
// Files (photos, voice notes, videos, documents) are shown from the control
// API's /sim/media/ and sent to /sim/inbound as base64. The person may edit
// or delete what they sent, within WhatsApp's limits.
'use strict';

(() => {
  const POLL_MS = 700;
  const USERS_MS = 3000;
  const OTHER = '__other';
  const STORAGE_KEY = 'wa-sim.me';
  const MAX_FILE_BYTES = 100 * 1024 * 1024;  // what the Cloud API delivers
  // What WhatsApp lets a user change, and for how long after sending.
  const EDIT_MS = 15 * 60 * 1000;
  const DELETE_MS = 2 * 24 * 60 * 60 * 1000;
  const CAPTIONED = ['image', 'video', 'document'];
  const NOT_DELETABLE = ['reaction', 'system', 'request_welcome'];

  const $ = (id) => document.getElementById(id);
  const ui = {
    person: $('person'), other: $('other'), otherName: $('other-name'), otherPhone: $('other-phone'),
    business: $('business'), window: $('window'), log: $('log'), empty: $('empty'),
    quote: $('quote'), quoteBody: $('quote-body'), quoteCancel: $('quote-cancel'),
    form: $('send-form'), text: $('text'), send: $('send'), error: $('error'),
    attach: $('attach'), file: $('file'), pending: $('pending'), pendingName: $('pending-name'),
    pendingCancel: $('pending-cancel'),
  };

  const state = {
    me: null,            // {key, name, phone, user_id}
    users: [],
    replyTo: null,       // {id, body}
    lastRendered: '',
    readRequested: new Set(),
    openLists: new Set(),
    polling: false,
    file: null,          // the File the person attached, sent with the next message
    // Media elements by message, reused across renders so that a playing
    // voice note or video is not restarted when the thread redraws.
    mediaNodes: new Map(),
    // The message being edited: {id, node}, the editor kept across renders
    // so that the text being typed survives a redraw.
    editing: null,
  };

  // [SECTION] helpers

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  async function api(path, options) {
    const response = await fetch('/sim/' + path, options);
    let body = null;
    try { body = await response.json(); } catch (_) { body = null; }
    if (!response.ok) {
      const message = body && body.error && body.error.message ? body.error.message : 'HTTP ' + response.status;
      throw new Error(message);
    }
    return body;
  }

  function post(path, payload) {
    const headers = { 'Content-Type': 'application/json' };
    return api(path, { method: 'POST', headers, body: JSON.stringify(payload) });
  }

  let errorTimer = 0;
  function showError(message) {
    ui.error.textContent = message;
    ui.error.hidden = false;
    clearTimeout(errorTimer);
    errorTimer = setTimeout(() => { ui.error.hidden = true; }, 5000);
  }

  function clock(ts) {
    const date = new Date(ts);
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function keyOf(user) { return user.phone || user.user_id; }

  function readableSize(bytes) {
    if (bytes < 1024) return bytes + (bytes === 1 ? ' byte' : ' bytes');
    const units = bytes < 1024 * 1024 ? [1024, ' KB'] : [1024 * 1024, ' MB'];
    const value = bytes / units[0];
    return (value < 10 ? Math.round(value * 10) / 10 : Math.round(value)) + units[1];
  }

  function label(user) {
    const id = user.phone || user.user_id;
    return user.name ? user.name + ' · ' + id : id;
  }

  // [SECTION] who am I

  function fillPicker() {
    const current = state.me ? state.me.key : '';
    const known = state.users.map(keyOf);
    const options = state.users.map((u) => ({ value: keyOf(u), text: label(u) }));
    if (state.me && !known.includes(state.me.key)) options.push({ value: state.me.key, text: label(state.me) });
    const signature = JSON.stringify(options) + current;
    if (ui.person.dataset.signature === signature) return;
    ui.person.dataset.signature = signature;
    ui.person.replaceChildren();
    if (!state.me) ui.person.append(new Option('Choose who you are…', '', true, true));
    for (const option of options) {
      ui.person.append(new Option(option.text, option.value, false, option.value === current));
    }
    ui.person.append(new Option('Other number…', OTHER));
  }

  function choose(user) {
    state.me = { key: keyOf(user), name: user.name || '', phone: user.phone || '', user_id: user.user_id || '' };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state.me));
    history.replaceState(null, '', '#' + encodeURIComponent(state.me.key));
    ui.other.hidden = true;
    state.lastRendered = '';
    state.openLists.clear();
    state.mediaNodes.clear();
    state.editing = null;
    setReply(null);
    setFile(null);
    fillPicker();
    poll();
  }

  function restoreMe() {
    const fromHash = decodeURIComponent(location.hash.slice(1));
    if (fromHash) {
      const user = state.users.find((u) => keyOf(u) === fromHash);
      if (user) return choose(user);
      if (fromHash.startsWith('+')) return choose({ phone: fromHash, name: '' });
    }
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
      if (saved && saved.key) return choose(saved);
    } catch (_) { /* a damaged entry is simply forgotten */ }
    if (state.users.length > 0) choose(state.users[0]);
  }

  async function loadUsers() {
    try {
      state.users = await api('users');
      fillPicker();
    } catch (_) { /* the simulator may be restarting; try again on the next round */ }
  }

  // [SECTION] conversation

  function setReply(target) {
    state.replyTo = target;
    ui.quote.hidden = !target;
    ui.quoteBody.textContent = target ? target.body : '';
    if (target) ui.text.focus();
  }

  function statusNode(m) {
    if (m.status === 'failed') {
      const why = m.error_code ? '(#' + m.error_code + ') ' + (m.error_title || '') : '';
      return el('span', 'failed', 'Not delivered ' + why);
    }
    if (m.status === 'read') return el('span', 'read', '✓✓ read');
    if (m.status === 'delivered') return el('span', '', '✓✓');
    if (m.status === 'sent') return el('span', '', '✓');
    return el('span', '', '🕓');
  }

  function replyWith(m, payload) {
    send(Object.assign({ reply_to: m.id }, payload));
  }

  function actions(m, bubble) {
    if (m.buttons && m.buttons.length) {
      const box = el('div', 'actions');
      for (const b of m.buttons) {
        const button = el('button', '', b.title);
        button.type = 'button';
        button.addEventListener('click', (event) => {
          event.stopPropagation();
          // A template's quick reply comes back as a "button" message, a
          // reply button as an interactive button_reply.
          if (m.type === 'template') replyWith(m, { type: 'button', text: b.title, payload: b.id });
          else replyWith(m, { type: 'interactive', interactive_type: 'button_reply', text: b.title, reply_id: b.id });
        });
        box.append(button);
      }
      bubble.append(box);
    }
    if (m.list) {
      const box = el('div', 'actions');
      const open = el('button', '', '☰ ' + m.list.button);
      open.type = 'button';
      open.setAttribute('aria-expanded', String(state.openLists.has(m.id)));
      open.addEventListener('click', (event) => {
        event.stopPropagation();
        if (state.openLists.has(m.id)) state.openLists.delete(m.id); else state.openLists.add(m.id);
        state.lastRendered = '';
        poll();
      });
      box.append(open);
      bubble.append(box);
      if (state.openLists.has(m.id)) {
        const rows = el('div', 'rows');
        for (const row of m.list.rows) {
          const button = el('button', '', row.title);
          button.type = 'button';
          if (row.description) button.append(el('span', 'description', row.description));
          button.addEventListener('click', (event) => {
            event.stopPropagation();
            state.openLists.delete(m.id);
            replyWith(m, { type: 'interactive', interactive_type: 'list_reply', text: row.title, reply_id: row.id,
                           description: row.description || undefined });
          });
          rows.append(button);
        }
        bubble.append(rows);
      }
    }
  }

  function quoted(m, bubble) {
    if (!m.context_id) return;
    const text = typeof m.quoted_body === 'string' ? m.quoted_body : 'Earlier message';
    const quote = el('div', 'quoted', text);
    quote.addEventListener('click', (event) => {
      event.stopPropagation();
      const target = ui.log.querySelector('[data-id="' + CSS.escape(m.context_id) + '"]');
      if (!target) return;
      target.scrollIntoView({ behavior: 'smooth', block: 'center' });
      target.classList.add('highlight');
      setTimeout(() => target.classList.remove('highlight'), 1200);
    });
    bubble.append(quote);
  }

  // The file of a media message: a picture, a player, or a document card
  // that downloads it. A business's `link` send is shown as the link.
  function mediaNode(m) {
    const key = m.id + '|' + (m.media_url || m.link || '');
    if (state.mediaNodes.has(key)) return state.mediaNodes.get(key);
    let node;
    if (m.link) {
      node = el('a', 'doc');
      node.href = m.link;
      node.target = '_blank';
      node.rel = 'noopener noreferrer';
      node.append(el('span', 'doc-icon', '🔗'));
      const text = el('span', '');
      text.append(el('span', 'doc-name', m.filename || m.link), el('span', 'doc-size', m.type + ' sent by link'));
      node.append(text);
    } else if (m.type === 'image' || m.type === 'sticker') {
      node = el('img', 'media' + (m.type === 'sticker' ? ' sticker' : ''));
      node.alt = m.body || (m.type === 'sticker' ? 'Sticker' : 'Photo');
      node.src = m.media_url;
    } else if (m.type === 'audio' || m.type === 'video') {
      node = el(m.type, 'media');
      node.controls = true;
      node.preload = 'metadata';
      node.src = m.media_url;
    } else {
      node = el('a', 'doc');
      node.href = m.media_url;
      node.download = m.filename || 'document';
      node.append(el('span', 'doc-icon', '📄'));
      const text = el('span', '');
      text.append(el('span', 'doc-name', m.filename || 'Document'),
        el('span', 'doc-size', readableSize(m.file_size || 0) + ' · ' + (m.mime_type || '')));
      node.append(text);
    }
    // Playing, opening or saving the file is not "reply to this message".
    node.addEventListener('click', (event) => event.stopPropagation());
    state.mediaNodes.set(key, node);
    return node;
  }

  // [SECTION] editing and deleting what the person sent

  function ageOf(m) { return Date.now() - new Date(m.ts).getTime(); }

  function canEdit(m) {
    return ageOf(m) <= EDIT_MS && (m.type === 'text' || (CAPTIONED.includes(m.type) && Boolean(m.body)));
  }

  function canDelete(m) { return ageOf(m) <= DELETE_MS && !NOT_DELETABLE.includes(m.type); }

  function redraw() {
    state.lastRendered = '';
    poll();
  }

  function startEditing(m) {
    state.editing = { id: m.id, node: null };
    redraw();
  }

  function stopEditing() {
    state.editing = null;
    redraw();
  }

  async function saveEdit(m, text) {
    if (!text.trim()) {
      showError('An edit needs some text; delete the message instead.');
      return;
    }
    if (text === m.body) {
      stopEditing();
      return;
    }
    if (await send({ type: 'edit', original: m.id, text }, 'Not edited')) stopEditing();
  }

  async function deleteMessage(m) {
    if (!window.confirm('Delete this message for everyone?')) return;
    if (state.editing && state.editing.id === m.id) state.editing = null;
    await send({ type: 'revoke', original: m.id }, 'Not deleted');
  }

  // The text box that replaces a message's text while it is edited.
  function editorFor(m) {
    if (state.editing.node) return state.editing.node;
    const box = el('div', 'edit-box');
    const text = el('textarea', 'edit-text');
    text.value = m.body;
    text.rows = 3;
    text.maxLength = 4096;
    text.setAttribute('aria-label', 'Edit message');
    const cancel = el('button', '', 'Cancel');
    cancel.type = 'button';
    const save = el('button', 'save', 'Save');
    save.type = 'button';
    const row = el('div', 'edit-buttons');
    row.append(cancel, save);
    box.append(text, row);
    // Typing and clicking in the editor is not "reply to this message".
    box.addEventListener('click', (event) => event.stopPropagation());
    text.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        saveEdit(m, text.value);
      }
      if (event.key === 'Escape') stopEditing();
    });
    cancel.addEventListener('click', stopEditing);
    save.addEventListener('click', () => saveEdit(m, text.value));
    state.editing.node = box;
    requestAnimationFrame(() => {
      text.focus();
      text.setSelectionRange(text.value.length, text.value.length);
    });
    return box;
  }

  function ownActions(m, bubble) {
    const box = el('div', 'own-actions');
    const add = (label, act) => {
      const button = el('button', '', label);
      button.type = 'button';
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        act();
      });
      box.append(button);
    };
    if (canEdit(m)) add('Edit', () => startEditing(m));
    if (canDelete(m)) add('Delete', () => deleteMessage(m));
    if (box.children.length) bubble.append(box);
  }

  function deletedBubble(m) {
    const bubble = el('div', 'bubble user deleted');
    bubble.dataset.id = m.id;
    bubble.append(el('div', 'body', '🚫 You deleted this message'), el('div', 'meta', clock(m.ts)));
    return bubble;
  }

  function bubbleFor(m) {
    if (m.direction === 'user' && m.type === 'reaction') {
      const text = m.body ? 'You reacted ' + m.body : 'You removed a reaction';
      return el('div', 'reaction', text + (typeof m.quoted_body === 'string' ? ' to “' + m.quoted_body + '”' : ''));
    }
    if (m.direction === 'user' && m.revoked) return deletedBubble(m);
    const business = m.direction === 'business';
    const bubble = el('div', 'bubble ' + (business ? 'business' : 'user') + (m.status === 'failed' ? ' failed' : ''));
    bubble.dataset.id = m.id;
    bubble.tabIndex = 0;
    bubble.title = 'Click to reply';
    if (business && m.template) bubble.append(el('div', 'tag', 'Template · ' + m.template.name));
    else if (business && m.type === 'interactive') bubble.append(el('div', 'tag', 'Interactive'));
    else if (!business && m.type !== 'text') bubble.append(el('div', 'tag', m.type));
    quoted(m, bubble);
    if (m.header) bubble.append(el('div', 'header', m.header));
    const hasFile = Boolean(m.media_url || m.link);
    if (hasFile) bubble.append(mediaNode(m));
    const editing = !business && state.editing && state.editing.id === m.id;
    if (editing) bubble.append(editorFor(m));
    else if (!hasFile || m.body) bubble.append(el('div', 'body', m.body));
    if (m.footer) bubble.append(el('div', 'footer', m.footer));
    if (business) actions(m, bubble);
    const meta = el('div', 'meta');
    if (m.edited) meta.append(el('span', 'edited', 'edited '));
    meta.append(clock(m.ts) + ' ');
    if (business) meta.append(statusNode(m));
    bubble.append(meta);
    if (!business && !editing) ownActions(m, bubble);
    if (business && m.status !== 'failed') {
      const react = el('button', 'react', '👍');
      react.type = 'button';
      react.setAttribute('aria-label', 'React with a thumbs up');
      react.addEventListener('click', (event) => {
        event.stopPropagation();
        replyWith(m, { type: 'reaction', emoji: '👍' });
      });
      bubble.append(react);
    }
    const reply = () => setReply({ id: m.id, body: m.body || (hasFile ? '📎 ' + (m.filename || m.type) : '') });
    bubble.addEventListener('click', reply);
    bubble.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.target === bubble) reply();
    });
    return bubble;
  }

  function renderWindow(user) {
    ui.window.classList.remove('closed');
    if (!user || !user.window_open) {
      ui.window.textContent = 'No open 24-hour window: the business can send only templates';
      ui.window.classList.add('closed');
      return;
    }
    const expires = new Date(user.window_expires);
    const when = expires.toDateString() === new Date().toDateString()
      ? clock(user.window_expires)
      : expires.toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' });
    ui.window.textContent = '24-hour window open until ' + when;
  }

  function render(data) {
    // The minute is in the signature so that Edit and Delete go away once
    // their time is up.
    const signature = JSON.stringify(data) + '|' + [...state.openLists].join(',') + '|' +
      (state.editing ? state.editing.id : '') + '|' + Math.floor(Date.now() / 60000);
    if (signature === state.lastRendered) return;
    state.lastRendered = signature;
    const nearBottom = ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < 80;
    // A redraw moves the editor, which would lose the caret.
    const editText = state.editing && state.editing.node && state.editing.node.querySelector('textarea');
    const typing = editText && document.activeElement === editText
      ? [editText.selectionStart, editText.selectionEnd] : null;
    const nodes = data.messages.map(bubbleFor);
    ui.empty.hidden = nodes.length > 0;
    ui.log.replaceChildren(ui.empty, ...nodes);
    if (typing && editText.isConnected) {
      editText.focus();
      editText.setSelectionRange(typing[0], typing[1]);
    }
    renderWindow(data.user);
    if (nearBottom) ui.log.scrollTop = ui.log.scrollHeight;
  }

  // What is on screen counts as read, as on a real phone with the chat open.
  function markRead(messages) {
    if (document.visibilityState !== 'visible') return;
    for (const m of messages) {
      if (m.direction !== 'business' || (m.status !== 'sent' && m.status !== 'delivered')) continue;
      if (state.readRequested.has(m.id)) continue;
      state.readRequested.add(m.id);
      post('read', { id: m.id }).catch(() => state.readRequested.delete(m.id));
    }
  }

  async function poll() {
    if (!state.me || state.polling) return;
    state.polling = true;
    const key = state.me.key;
    try {
      const data = await api('conversations?with=' + encodeURIComponent(key));
      if (state.me && state.me.key === key) {
        render(data);
        markRead(data.messages);
      }
    } catch (error) {
      ui.window.textContent = 'Simulator unreachable: ' + error.message;
    } finally {
      state.polling = false;
    }
  }

  // [SECTION] writing

  // `failure` starts the error shown when the simulator refuses.
  async function send(payload, failure = 'Not sent') {
    if (!state.me) {
      showError('Choose who you are first.');
      return false;
    }
    const who = state.me.phone
      ? { from: state.me.phone }
      : { user_id: state.me.user_id, omit_phone: true };
    if (state.me.name) who.name = state.me.name;
    try {
      await post('inbound', Object.assign(who, payload));
      state.lastRendered = '';
      await poll();
      ui.log.scrollTop = ui.log.scrollHeight;
      return true;
    } catch (error) {
      showError(failure + ': ' + error.message);
      return false;
    }
  }

  function setFile(file) {
    state.file = file;
    ui.pending.hidden = !file;
    ui.pendingName.textContent = file ? file.name + ' (' + readableSize(file.size) + ')' : '';
    ui.file.value = '';
  }

  // WhatsApp's message type for a file: what it can show inline or play,
  // everything else as a document (the simulator checks the bytes).
  function kindOf(file) {
    const type = (file.type || '').toLowerCase();
    if (type === 'image/jpeg' || type === 'image/png') return 'image';
    if (type === 'image/webp') return 'sticker';
    if (['audio/aac', 'audio/mp4', 'audio/mpeg', 'audio/amr', 'audio/ogg', 'audio/opus'].includes(type)) return 'audio';
    if (type === 'video/mp4' || type === 'video/3gpp') return 'video';
    return 'document';
  }

  function readAsDataUrl(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error || new Error('the file could not be read'));
      reader.readAsDataURL(file);
    });
  }

  async function mediaPayload(file, text) {
    const type = kindOf(file);
    const media = { type, filename: file.name, data: await readAsDataUrl(file) };
    if (file.type) media.mime = file.type;
    return { type, text, media };
  }

  async function sendTyped() {
    const text = ui.text.value;
    const file = state.file;
    if (!file && !text.trim()) return;
    if (file && file.size > MAX_FILE_BYTES) {
      showError('WhatsApp delivers files up to 100 MB.');
      return;
    }
    ui.send.disabled = true;
    ui.attach.disabled = true;
    let sent = false;
    try {
      const payload = file ? await mediaPayload(file, text) : { type: 'text', text };
      if (state.replyTo) payload.reply_to = state.replyTo.id;
      sent = await send(payload);
      // Voice notes and stickers carry no caption: the words go on their own.
      if (sent && file && text.trim() && (payload.type === 'audio' || payload.type === 'sticker')) {
        sent = await send({ type: 'text', text });
      }
    } catch (error) {
      showError('Not sent: ' + error.message);
    }
    ui.send.disabled = false;
    ui.attach.disabled = false;
    if (sent) {
      ui.text.value = '';
      autosize();
      setReply(null);
      setFile(null);
    }
    ui.text.focus();
  }

  function autosize() {
    ui.text.style.height = 'auto';
    ui.text.style.height = Math.min(ui.text.scrollHeight + 2, 140) + 'px';
  }

  // [SECTION] wiring

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    sendTyped();
  });
  ui.text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendTyped();
    }
    if (event.key === 'Escape') setReply(null);
  });
  ui.text.addEventListener('input', autosize);
  ui.quoteCancel.addEventListener('click', () => setReply(null));
  ui.attach.addEventListener('click', () => ui.file.click());
  ui.file.addEventListener('change', () => {
    const file = ui.file.files && ui.file.files[0];
    if (file) setFile(file);
    ui.text.focus();
  });
  ui.pendingCancel.addEventListener('click', () => setFile(null));

  ui.person.addEventListener('change', () => {
    if (ui.person.value === OTHER) {
      ui.other.hidden = false;
      ui.otherPhone.focus();
      return;
    }
    const user = state.users.find((u) => keyOf(u) === ui.person.value);
    if (user) choose(user);
  });
  ui.other.addEventListener('submit', (event) => {
    event.preventDefault();
    const phone = '+' + ui.otherPhone.value.replace(/[^0-9]/g, '');
    if (phone.length < 8 || phone.length > 16) {
      showError('Enter a phone number with country code, e.g. +15551230009.');
      return;
    }
    choose({ phone, name: ui.otherName.value.trim() });
  });

  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') poll(); });

  async function start() {
    try {
      const info = await api('info');
      ui.business.textContent = 'Business ' + info.business_number;
    } catch (_) { /* the header keeps its generic name */ }
    await loadUsers();
    restoreMe();
    fillPicker();
    setInterval(poll, POLL_MS);
    setInterval(loadUsers, USERS_MS);
  }

  start();
})();

// The demo site's chat panel: a plain client of the relay's public API
// (POST /v1/sessions, the /v1/ws live stream, POST .../handoff). It shows
// what any client must do: keep the session, resume from the last sequence
// number, give every message a client id and resend it until acknowledged.
// Text is always rendered as text.
(() => {
  'use strict';
  const panel = document.querySelector('.chat');
  const log = panel.querySelector('.log');
  const stateLabel = panel.querySelector('.state');
  const composer = panel.querySelector('.composer');
  const handoffForm = panel.querySelector('.handoff');
  const askPerson = panel.querySelector('.ask-person');
  const storeKey = 'baton.demo';

  const saved = JSON.parse(localStorage.getItem(storeKey) || '{}');
  let session = saved.session || null;     // {id, token}
  let lastSeq = 0;                          // the stream is replayed from 0 on load
  const outbox = saved.outbox || [];        // [{cid, text}] not yet acknowledged
  const bubbles = new Map();                // message id or cid -> <li>
  let socket = null;
  let retryDelay = 500;

  const persist = () => localStorage.setItem(storeKey, JSON.stringify({ session, outbox }));
  const newCid = () => {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  const ticks = { queued: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓ read', failed: '⚠ failed' };

  function bubble(key, author, name, text) {
    let li = bubbles.get(key);
    if (!li) {
      li = document.createElement('li');
      bubbles.set(key, li);
      log.appendChild(li);
    }
    li.className = author;
    li.textContent = '';
    if ((author === 'agent' || author === 'bot') && name) {
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = name;
      li.appendChild(who);
    }
    li.appendChild(document.createTextNode(text));
    log.scrollTop = log.scrollHeight;
    return li;
  }

  function setTick(li, status) {
    let tick = li.querySelector('.tick');
    if (!tick) {
      tick = document.createElement('span');
      tick.className = 'tick';
      li.appendChild(tick);
    }
    tick.textContent = ticks[status] || '';
  }

  function showMessage(m) {
    if (m.seq <= lastSeq) return;
    lastSeq = m.seq;
    const author = m.author === 'system' ? 'system' : m.author;
    const key = m.cid && bubbles.has(m.cid) ? m.cid : m.id;
    const li = bubble(key, author, m.author_name, m.text);
    if (key !== m.id) { bubbles.delete(key); bubbles.set(m.id, li); }
    if (m.author === 'visitor') setTick(li, m.status);
  }

  function showState(state, agent) {
    const words = { bot: 'Assistant', waiting: agent ? `Waiting for ${agent}…` : 'Waiting for an agent…',
                    live: agent ? `${agent} is here` : 'Agent connected', ended: 'Chat ended' };
    stateLabel.textContent = words[state] || '';
    askPerson.hidden = state !== 'bot';
  }

  async function ensureSession() {
    if (session) return;
    const context = {
      page_url: location.href, page_title: document.title, referrer: document.referrer,
      language: navigator.language, time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      user_agent: navigator.userAgent, pages: [location.pathname + location.search],
    };
    const reply = await fetch('/v1/sessions', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                body: JSON.stringify({ context }) });
    if (!reply.ok) throw new Error(`session: ${reply.status}`);
    const body = await reply.json();
    session = { id: body.session_id, token: body.token };
    persist();
  }

  function flushOutbox() {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    for (const item of outbox) socket.send(JSON.stringify({ type: 'message', cid: item.cid, text: item.text }));
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/v1/ws`, ['baton.v1.json']);
    socket.onopen = () => {
      retryDelay = 500;
      socket.send(JSON.stringify({ type: 'hello', session_id: session.id, token: session.token, after: lastSeq }));
    };
    socket.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === 'welcome') { showState(frame.state, frame.agent); flushOutbox(); }
      else if (frame.type === 'message') showMessage(frame.message);
      else if (frame.type === 'state') showState(frame.state, frame.agent);
      else if (frame.type === 'status') { const li = bubbles.get(frame.id); if (li) setTick(li, frame.status); }
      else if (frame.type === 'ack') {
        const index = outbox.findIndex((item) => item.cid === frame.cid);
        if (index >= 0) { outbox.splice(index, 1); persist(); }
      } else if (frame.type === 'error') {
        bubble(`error-${Date.now()}`, 'system', '', `Not sent: ${frame.message}`);
        const index = outbox.findIndex((item) => item.cid === frame.cid);
        if (index >= 0) { outbox.splice(index, 1); persist(); }
      }
    };
    socket.onclose = () => {
      stateLabel.textContent = 'Reconnecting…';
      setTimeout(connect, retryDelay * (0.5 + Math.random()));
      retryDelay = Math.min(retryDelay * 2, 15000);
    };
  }

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = composer.elements.text;
    const text = input.value.trim();
    if (!text) return;
    const item = { cid: newCid(), text };
    outbox.push(item);
    persist();
    setTick(bubble(item.cid, 'visitor', '', text), 'queued');
    input.value = '';
    flushOutbox();
  });

  askPerson.addEventListener('click', () => { handoffForm.hidden = false; askPerson.hidden = true; });
  handoffForm.querySelector('.cancel').addEventListener('click', () => { handoffForm.hidden = true; askPerson.hidden = false; });
  handoffForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { mode: 'live', name: handoffForm.elements.name.value.trim(), email: handoffForm.elements.email.value.trim() };
    const reply = await fetch(`/v1/sessions/${session.id}/handoff`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
      body: JSON.stringify(body),
    });
    const answer = await reply.json();
    if (!reply.ok) { bubble(`error-${Date.now()}`, 'system', '', answer.error.message); return; }
    handoffForm.hidden = true;
    showState(answer.state, answer.agent);
  });

  for (const item of outbox) setTick(bubble(item.cid, 'visitor', '', item.text), 'queued');
  ensureSession().then(connect).catch((error) => bubble('fatal', 'system', '', `Chat unavailable (${error.message}).`));
})();

// The developer console in Chromium (WebGL2 through SwiftShader): a wrong
// token is refused, the right one opens the stream, and a visitor's message
// is followed to the agent's WhatsApp and back to "read" in the console's
// own model. Screenshots of each panel go to build/test-artifacts/browser.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { agents, Cluster, eventually, launchBrowser, shot } from './harness.mjs';

const adminToken = 'browser-admin-token-of-32-characters';
let cluster;
let browser;

before(async () => {
  cluster = await Cluster.start();
  browser = await launchBrowser();
  await cluster.whatsappFrom(agents.Ana, '/online');
  await cluster.whatsappFrom(agents.Ben, '/away');
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

const summary = (page) => page.evaluate(() => window.batonConsole.summary());

// ImGui 1.86 samples keys once a frame: a key pressed and released within
// one frame would be missed, so the key is held for a few frames.
async function press(page, key) {
  await page.keyboard.down(key);
  await page.waitForTimeout(100);
  await page.keyboard.up(key);
}

async function signIn(page, token) {
  await page.locator('#canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.type(token);
  await press(page, 'Enter');
}

// Signs in with the right token until the stream is live. On a loaded
// machine the first keys can reach the canvas before the token field takes
// them: that try is refused (the field is then empty again) and the next
// one goes through.
async function signInUntilLive(page, token) {
  for (let attempt = 1; ; attempt++) {
    await signIn(page, token);
    try {
      await eventually(async () => (await summary(page)).link === 'live', 10000);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

// Traces `query` until at least `events` show. As at sign-in, keys typed
// before the Trace field has the keyboard are lost, and the query traced is
// then a part of it. Each try waits a few frames with the panel open (the
// field takes the keyboard as the panel opens) and types into an emptied
// field; Enter takes the keyboard away again, so a second try opens the
// panel anew.
async function traceUntil(page, query, events) {
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(() => window.batonConsole.where('Trace'));
    await page.keyboard.down('Control');
    await press(page, 'a');
    await page.keyboard.up('Control');
    await press(page, 'Backspace');
    await page.keyboard.type(query);
    await press(page, 'Enter');
    try {
      await eventually(async () => (await summary(page)).trace >= events, 10000);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.evaluate(() => window.batonConsole.show('Audit'));
      await page.evaluate(() => window.batonConsole.where('Audit'));
      await page.evaluate(() => window.batonConsole.show('Trace'));
    }
  }
}

// Clicks the console's button labelled `label` with the mouse, held for a
// few frames like a key.
async function clickButton(page, label) {
  const at = await eventually(() => page.evaluate((l) => window.batonConsole.where(l), label));
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.move(box.x + at.x, box.y + at.y);
  await page.mouse.down();
  await page.waitForTimeout(100);
  await page.mouse.up();
}

// A visitor's chat through the relay's own API, as the widget makes it.
async function visitorChat() {
  const origin = { Origin: cluster.siteUrl, 'Content-Type': 'application/json' };
  const created = await (await fetch(cluster.relayUrl + '/v1/sessions', {
    method: 'POST', headers: origin, body: JSON.stringify({ context: { page_url: cluster.siteUrl + '/bikes' } }),
  })).json();
  const auth = { ...origin, Authorization: `Bearer ${created.token}` };
  const post = (path, body) => fetch(`${cluster.relayUrl}/v1/sessions/${created.session_id}${path}`,
    { method: 'POST', headers: auth, body: JSON.stringify(body) });
  return { ...created, post };
}

test('console: refused with a wrong token, then every stage of a message, live', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(cluster.relayUrl + '/console');
  await eventually(() => summary(page));
  assert.equal((await summary(page)).link, 'signed out');
  await shot(page, 'console-sign-in');

  await signIn(page, 'not-the-admin-token');
  await eventually(async () => (await summary(page)).link === 'refused', 20000);
  await shot(page, 'console-refused');

  await signInUntilLive(page, adminToken);

  const chat = await visitorChat();
  assert.equal((await chat.post('/handoff', { mode: 'live', name: 'Vera' })).status, 200);
  await cluster.whatsappFrom(agents.Ana, `/take ${chat.code}`);
  const posted = await (await chat.post('/messages', { cid: 'console-cid-1', text: 'Is the red bike in stock?' })).json();
  const copy = await eventually(async () => {
    const track = (await summary(page)).tracks.find((t) => t.id === posted.id);
    return track?.copies.find((c) => c.state === 'delivered' || c.state === 'read') && track;
  });
  assert.equal(copy.author, 'visitor');
  const wamid = copy.copies[0].wamid;
  await cluster.sim_('POST', '/sim/read', { id: wamid });
  await eventually(async () => {
    const track = (await summary(page)).tracks.find((t) => t.id === posted.id);
    return track?.copies[0].state === 'read';
  });
  await cluster.whatsappFrom(agents.Ana, 'Yes, in every size.');

  // A call-back booked from another chat, for the Calls panel.
  const { slots } = await (await fetch(cluster.relayUrl + '/v1/availability/slots?days=7')).json();
  const caller = await visitorChat();
  assert.equal((await caller.post('/handoff', {
    mode: 'callback', name: 'Lena', phone: '+4915112345678', consent: true, slot: slots[slots.length - 1].start,
  })).status, 200);

  await page.evaluate((id) => window.batonConsole.show('Chats', id), chat.session_id);
  await eventually(async () => (await summary(page)).transcript > 0);
  await shot(page, 'console-chats');
  for (const panel of ['Events', 'WhatsApp', 'Outbox', 'Calls', 'Agents', 'Figures']) {
    await page.evaluate((p) => window.batonConsole.show(p), panel);
    await page.waitForTimeout(panel === 'Figures' ? 2500 : 300);
    await shot(page, `console-${panel.toLowerCase()}`);
  }
  // "Where is my message?" by the widget's client id.
  await page.evaluate(() => window.batonConsole.show('Trace'));
  await traceUntil(page, 'console-cid-1', 5);
  await shot(page, 'console-trace');
  assert.deepEqual(errors, []);
  await page.close();
});

test('console: a wa-sim fault switched on, the retries seen, a retry now, the fault cleared, each confirmed and audited', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(cluster.relayUrl + '/console');
  await eventually(() => summary(page));
  await signInUntilLive(page, adminToken);
  assert.equal((await summary(page)).simulator, true);

  const chat = await visitorChat();
  assert.equal((await chat.post('/handoff', { mode: 'live', name: 'Vera' })).status, 200);
  await cluster.whatsappFrom(agents.Ana, `/take ${chat.code}`);

  // The Cloud API answers 503 to the next ten sends.
  await page.evaluate(() => window.batonConsole.show('Simulator'));
  await clickButton(page, 'Cloud API down');
  await page.waitForTimeout(300);
  await shot(page, 'console-confirm');
  await clickButton(page, 'Yes, do it');
  await eventually(async () => (await summary(page)).faults === 1);
  await shot(page, 'console-simulator');

  const posted = await (await chat.post('/messages', { cid: 'fault-cid-1', text: 'Hello, anyone?' })).json();
  const copyRow = async () => {
    const s = await summary(page);
    const copy = s.tracks.find((t) => t.id === posted.id)?.copies[0];
    return { copy, outbox: s.outbox.find((r) => r.row === copy?.row) };
  };
  // Failed attempts, each seen in the console, while the fault holds.
  const row = await eventually(async () => {
    const { outbox } = await copyRow();
    return outbox && outbox.attempts >= 3 && outbox.state === 'retry' && outbox.row;
  }, 30000);

  // Retry now while the fault still holds: the row cannot have gone on its own.
  await page.evaluate(() => window.batonConsole.show('Outbox'));
  await page.waitForTimeout(200);
  await shot(page, 'console-outbox-retry');
  await clickButton(page, `Retry now ${row}`);
  await page.waitForTimeout(200);
  await clickButton(page, 'Yes, do it');
  // On a busy machine the backoff can run out between the look and the
  // click: the row is then in flight and the relay refuses the retry
  // (not_retryable). Ask again once it waits again, until one is taken.
  await eventually(async () => {
    const s = await summary(page);
    if (s.last_action.action !== 'retry_send') return false;  // not answered yet
    if (s.last_action.status === 200) return true;
    const { outbox } = await copyRow();
    if (outbox?.state === 'retry' && (await page.evaluate((l) => window.batonConsole.where(l), `Retry now ${row}`))) {
      await clickButton(page, `Retry now ${row}`);
      await page.waitForTimeout(200);
      if (await page.evaluate(() => window.batonConsole.where('Yes, do it'))) await clickButton(page, 'Yes, do it');
    }
    return false;
  }, 30000);

  await page.evaluate(() => window.batonConsole.show('Simulator'));
  await clickButton(page, 'Clear faults');
  await page.waitForTimeout(200);
  await clickButton(page, 'Yes, do it');
  await eventually(async () => (await summary(page)).faults === 0);

  // Retry now again until the copy is sent, now that the Cloud API answers;
  // on a slow machine the backoff may run out first, and then it is sent on its own.
  await page.evaluate(() => window.batonConsole.show('Outbox'));
  await eventually(async () => {
    if (['sent', 'delivered', 'read'].includes((await copyRow()).copy?.state)) return true;
    if (await page.evaluate((l) => window.batonConsole.where(l), `Retry now ${row}`)) {
      try {
        await clickButton(page, `Retry now ${row}`);
        await page.waitForTimeout(200);
        if (await page.evaluate(() => window.batonConsole.where('Yes, do it'))) await clickButton(page, 'Yes, do it');
      } catch {
        // The row settled between looking and clicking: the next look says so.
      }
    }
    return false;
  }, 60000);

  // The Cloud API call that delivered it, as sent and as answered, masked.
  await page.evaluate(() => window.batonConsole.show('WhatsApp'));
  const call = (await summary(page)).kept.find((k) => k.of === 'graph');
  await clickButton(page, `Show graph ${call.id}`);
  await eventually(async () => (await summary(page)).body.id === call.id);
  await page.waitForTimeout(300);
  await shot(page, 'console-graph-call');

  await page.evaluate(() => window.batonConsole.show('Audit'));
  await page.waitForTimeout(300);
  await shot(page, 'console-audit');
  // A retry refused because the row was in flight at that moment is audited too.
  const audit = (await summary(page)).audit.map((a) => `${a.action} ${a.outcome}`)
    .filter((a) => a !== 'retry_send not_retryable');
  assert.deepEqual(audit.slice(0, 3), ['sim_fault done', 'retry_send done', 'sim_clear_faults done']);
  assert.deepEqual(errors, []);
  await page.close();
});

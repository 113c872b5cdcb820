// The offline queue: messages typed without a connection are shown as queued,
// survive a reload, and are sent exactly once, in order, when it returns.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Cluster, eventually, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;

const queued = (page) => page.getByRole('log').getByRole('img', { name: 'Waiting to send' }).count();

before(async () => {
  cluster = await Cluster.start({ pages: { '/': (c) => ({ html: c.embed() }) } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

test('offline, three messages, reload, back online: each arrives once, in order', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(cluster.siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const box = page.getByRole('textbox', { name: 'Message' });
  await page.getByRole('log').getByText('virtual assistant').waitFor();

  await context.setOffline(true);
  await page.getByText("You're offline").waitFor();
  for (const text of ['first offline', 'second offline', 'third offline']) {
    await box.fill(text);
    await page.keyboard.press('Enter');
  }
  await eventually(async () => (await queued(page)) === 3);
  await shot(page, 'offline-01-queued');

  // The page is reloaded while the relay is still out of reach (its API and
  // live stream blocked; its static files are not).
  let relayReachable = false;
  await page.routeWebSocket(/\/v1\/ws/, (socket) => (relayReachable ? socket.connectToServer() : socket.close()));
  await page.route(/\/v1\//, (route) => (relayReachable ? route.continue() : route.abort('internetdisconnected')));
  await context.setOffline(false);
  await page.reload();  // the panel was open: it opens again by itself
  await page.getByRole('log').getByText('third offline').waitFor();
  await eventually(async () => (await queued(page)) === 3);
  await shot(page, 'offline-02-after-reload');

  relayReachable = true;
  // Let an attempt already under way fail, then announce the network's return.
  await page.waitForTimeout(300);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await eventually(async () => (await queued(page)) === 0, 30000);
  const stored = await eventually(async () => {
    const texts = await cluster.storedTexts();
    return texts.filter((t) => t.endsWith('offline')).length >= 3 ? texts : null;
  });
  assert.deepEqual(stored.filter((t) => t.endsWith('offline')), ['first offline', 'second offline', 'third offline']);
  await shot(page, 'offline-03-delivered');
  await context.close();
});

// Two tabs opened together (a restored window), each with a message waiting
// and no chat yet: both would make a chat, and the later one would take over
// the chat the first had written in. One tab makes it; the other joins it.
test('two tabs opened together with a message waiting make one chat, and the message arrives once', async () => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const before = new Set((await cluster.admin('/v1/admin/sessions')).sessions.map((s) => s.session_id));
  const first = await context.newPage();
  await first.route(/\/v1\//, (route) => route.abort('internetdisconnected'));
  await first.goto(cluster.siteUrl);
  await first.getByRole('button', { name: 'Open chat' }).click();
  await first.getByRole('textbox', { name: 'Message' }).fill('waiting in two tabs');
  await first.keyboard.press('Enter');
  await eventually(async () => (await queued(first)) === 1);
  await first.getByRole('button', { name: 'Close chat' }).first().click();
  await first.close();

  // The relay answers slowly, so that both tabs ask for a chat at once.
  let asked = 0;
  await context.route(/\/v1\/sessions$/, async (route) => {
    if (route.request().method() === 'POST') asked++;
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  const tabs = [await context.newPage(), await context.newPage()];
  await Promise.all(tabs.map((tab) => tab.goto(cluster.siteUrl)));

  // The chats made meanwhile, and which of them hold the message.
  const holding = async () => {
    const fresh = (await cluster.admin('/v1/admin/sessions')).sessions.filter((s) => !before.has(s.session_id));
    const found = [];
    for (const session of fresh) {
      const detail = await cluster.admin(`/v1/admin/sessions/${session.session_id}`);
      if (detail.log.some((entry) => entry.text === 'waiting in two tabs')) found.push(session.session_id);
    }
    return found;
  };
  const made = await eventually(async () => ((await holding()).length > 0 ? await holding() : null));
  await new Promise((resolve) => setTimeout(resolve, 1000));  // a second copy would be stored by now
  assert.deepEqual(await holding(), made);
  assert.equal(made.length, 1);
  // Both tabs are on that chat. The lock makes the second tab join it without
  // asking. Storage reaches other tabs on its own time, so the first tab's
  // chat may reach the second only after the lock: it then makes an empty
  // chat of its own, and still joins the first (the core keeps the chat it
  // joined), which is what is checked here.
  const chatOf = (tab) => tab.evaluate(() => JSON.parse(localStorage.getItem('baton.session')).id);
  await eventually(async () => (await chatOf(tabs[0])) === made[0] && (await chatOf(tabs[1])) === made[0]);
  assert.ok(asked >= 1 && asked <= 2);
  for (const tab of tabs) {
    await tab.getByRole('button', { name: 'Open chat' }).click();
    await tab.getByRole('log').getByText('waiting in two tabs').waitFor();
    await eventually(async () => (await queued(tab)) === 0);
  }
  await shot(tabs[1], 'offline-04-two-tabs-one-chat');
  await context.close();
});

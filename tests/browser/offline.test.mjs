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

// The relay's rate limit as a visitor meets it: said kindly above the
// composer, the message kept and shown as waiting, never as failed.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Cluster, eventually, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;

before(async () => {
  cluster = await Cluster.start({
    pages: { '/': (c) => ({ html: c.embed() }) },
    relayFlags: ['--limit-messages-per-session', '2/min'],
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

test('past the message limit the widget says so kindly and keeps the message waiting', async () => {
  const page = await browser.newPage();
  await page.goto(cluster.siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('log').getByText('virtual assistant').waitFor();
  const box = page.getByRole('textbox', { name: 'Message' });
  // Small talk, which the assistant always answers: two questions it cannot
  // answer in a row would bring up the handoff options instead.
  for (const text of ['hello', 'thanks', 'hello again']) {
    await box.fill(text);
    await page.keyboard.press('Enter');
  }
  await page.getByText("You're sending messages quickly").waitFor();
  const log = page.getByRole('log');
  await eventually(async () => (await log.getByRole('img', { name: 'Waiting to send' }).count()) === 1);
  assert.equal(await log.getByRole('img', { name: 'Not delivered' }).count(), 0);
  await shot(page, 'limits-01-slow-down');
  const stored = await cluster.storedTexts();
  assert.ok(stored.includes('thanks'));
  assert.ok(!stored.includes('hello again'));
});

// The FAQ assistant, unsure, in a real browser: it offers the closest
// questions as a numbered list, shown line by line as text, and the number
// the visitor sends gets that entry's answer.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Cluster, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;

before(async () => {
  // A car rental's FAQ (tests/fixtures/faq): no model, the FAQ answers alone.
  cluster = await Cluster.start({
    faq: 'tests/fixtures/faq/autovia.en.md',
    pages: { '/': (c) => ({ html: c.embed({}, { title: 'Autovia' }) }) },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

test('an unsure answer offers the closest questions, and a number picks one', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 760 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(cluster.siteUrl + '/');
  await page.getByRole('button', { name: 'Open chat' }).click();
  const box = page.getByRole('textbox').first();
  const say = async (text) => {
    await box.fill(text);
    await page.keyboard.press('Enter');
  };
  const log = page.getByRole('log');

  await say('what do i need to bring to pick up the car');
  const offer = log.locator('li').filter({ hasText: 'Did you mean one of these?' });
  await offer.waitFor();
  // One line per question: the list is text, laid out as it was written.
  const shown = await offer.innerText();
  assert.match(shown, /\n1\. What documents do I need\?\n/);
  assert.match(shown, /Reply with its number/);
  assert.equal(await offer.locator('a, button').count(), 0);
  await shot(page, 'faq-offers-01-offered');

  await say('1');
  await log.locator('li').filter({ hasText: 'A driving licence you' }).waitFor();
  // An answer, not a second miss: the options to reach a person stay closed.
  assert.equal(await page.getByRole('button', { name: 'Wait for live chat' }).count(), 0);
  await shot(page, 'faq-offers-02-picked');
  assert.deepEqual(errors, []);
  await context.close();
});

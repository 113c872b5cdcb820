// The assistant in a real browser: a model's answer shown as the assistant
// types and as its words stream in, then stored; asking for a person, in
// English and in Spanish, opens the handoff options at once.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Cluster, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;

before(async () => {
  cluster = await Cluster.start({
    model: true,
    pages: {
      '/': (c) => ({ html: c.embed({}, { title: 'Bikes' }) }),
      '/es': (c) => ({ html: c.embed({ lang: 'es' }, { title: 'Bicis' }) }),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

async function openWidget(path, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(cluster.siteUrl + path);
  await page.getByRole('button', { name: /Open chat|Abrir chat/ }).click();
  await page.getByRole('textbox').first().waitFor();
  return { page, errors };
}

async function say(page, text) {
  const box = page.getByRole('textbox').first();
  await box.fill(text);
  await page.keyboard.press('Enter');
}

test("the model's answer streams in behind a typing indicator, then stays as one message", async () => {
  const { page, errors } = await openWidget('/');
  const reply = 'Shipping is free on every bike, and on any order over 60 euros. Smaller orders pay a flat 5.90 euros.';
  await cluster.scriptModel({ reply, delay_ms: 1200, chunk_delay_ms: 180 });
  await say(page, 'How much does shipping cost?');

  const draft = page.locator('.draft');
  await draft.locator('.dot').first().waitFor();
  await shot(page, 'assistant-01-typing');
  // Part of the answer is on screen before the rest has been written.
  await draft.getByText(/^Shipping is free/).waitFor();
  const partial = await draft.locator('.text').textContent();
  assert.ok(partial.length < reply.length, `expected a partial answer, got "${partial}"`);
  await shot(page, 'assistant-02-streaming');

  const log = page.getByRole('log');
  await log.locator('li:not(.draft)').filter({ hasText: reply }).waitFor();
  await draft.waitFor({ state: 'hidden' });
  assert.equal(await log.locator('li:not(.draft)').filter({ hasText: 'Smaller orders pay' }).count(), 1);
  assert.equal(await draft.getAttribute('aria-hidden'), 'true');
  await shot(page, 'assistant-03-answered');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('asking for a person opens the options at once, and a reload does not reopen them', async () => {
  const { page } = await openWidget('/', { width: 390, height: 760 });
  await say(page, 'I want to talk to a real person');
  await page.getByRole('button', { name: 'Wait for live chat' }).waitFor();
  await shot(page, 'assistant-04-asked-for-person');

  // The panel was open: it opens again by itself, with the chat, not the options.
  await page.reload();
  await page.getByRole('log').getByText('A person can take over this chat').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Wait for live chat' }).count(), 0);
  await page.context().close();
});

test('in Spanish too', async () => {
  const { page } = await openWidget('/es');
  await say(page, 'quiero hablar con una persona, por favor');
  await page.getByRole('button', { name: 'Esperar el chat en vivo' }).waitFor();
  await shot(page, 'assistant-05-spanish');
  await page.context().close();
});

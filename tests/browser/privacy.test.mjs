// "Delete this conversation" as a visitor uses it: asked, confirmed, and
// then gone from the relay and from the browser's storage.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Cluster, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;

before(async () => {
  cluster = await Cluster.start({ pages: { '/': (c) => ({ html: c.embed() }) } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

test('a visitor deletes their conversation after confirming, and nothing of it stays', async () => {
  const page = await browser.newPage();
  await page.goto(cluster.siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('log').getByText('virtual assistant').waitFor();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('my order 5521 went to the wrong address');
  await page.keyboard.press('Enter');
  await page.getByRole('log').getByText('wrong address').waitFor();
  const { sessions } = await cluster.admin('/v1/admin/sessions');
  assert.equal(sessions.length, 1);

  // Asked first; the safe answer has the focus, so Enter keeps the chat.
  await page.getByRole('button', { name: 'Delete this conversation' }).click();
  const question = page.getByRole('group', { name: 'Delete this conversation' });
  await question.getByText('This cannot be undone').waitFor();
  await shot(page, 'privacy-01-confirm-delete');
  await page.keyboard.press('Enter');
  await question.waitFor({ state: 'hidden' });
  assert.equal((await cluster.admin('/v1/admin/sessions')).sessions.length, 1);

  await page.getByRole('button', { name: 'Delete this conversation' }).click();
  await question.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByText('Your conversation was deleted.').waitFor();
  await shot(page, 'privacy-02-deleted');
  assert.equal(await page.getByRole('log').getByText('wrong address').count(), 0);
  // Gone from the relay; the open panel has a new, empty chat instead.
  const left = (await cluster.admin('/v1/admin/sessions')).sessions.map((s) => s.session_id);
  assert.ok(!left.includes(sessions[0].session_id), JSON.stringify(left));
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  assert.ok(!stored.includes('wrong address'), stored);
  assert.ok(!stored.includes(sessions[0].session_id), stored);

  // After a reload the widget starts afresh.
  await page.reload();  // the panel was open: it opens again by itself
  await page.getByRole('log').getByText('virtual assistant').waitFor();
  assert.equal(await page.getByRole('log').getByText('wrong address').count(), 0);
});

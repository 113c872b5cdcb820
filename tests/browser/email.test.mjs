// The e-mail fallback in a real browser: nobody is online, the visitor
// leaves a message and an address, and the team's mail arrives at a real
// SMTP server (aiosmtpd, STARTTLS) with the conversation in it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Cluster, eventually, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;

before(async () => {
  cluster = await Cluster.start({ mail: true, pages: { '/': (c) => ({ html: c.embed({}, { title: 'Bikes' }) }) } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

test('nobody online: leave a message by e-mail, with a copy', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  await page.goto(cluster.siteUrl + '/');
  await page.getByRole('button', { name: 'Open chat' }).click();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Do you ship to the Azores?');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Talk to a live agent' }).click();
  await page.getByRole('button', { name: 'Leave a message' }).click();
  await page.getByLabel('Name').fill('Marta Silva');
  await page.getByRole('textbox', { name: 'E-mail' }).fill('marta@example.com');
  await page.getByLabel('Your message').fill('Please tell me the delivery cost to Ponta Delgada.');
  await page.getByLabel('Send me a copy of this conversation').check();
  await page.getByLabel('I agree that this conversation').check();
  await shot(page, 'email-01-form');
  await page.getByRole('button', { name: 'Send message' }).click();
  await page.getByRole('log').getByText('we will answer at marta@example.com').waitFor();
  await shot(page, 'email-02-sent');

  const mails = await eventually(() => (cluster.receivedMail().length === 2 ? cluster.receivedMail() : null), 20000);
  const team = mails.find((m) => /^To: team@pedal\.example/m.test(m));
  assert.ok(team, 'the team got a mail');
  assert.match(team, /^Reply-To: marta@example\.com/m);
  const body = Buffer.from(team.split(/\r?\n\r?\n/).slice(1).join('').replace(/\s+/g, ''), 'base64').toString('utf8');
  assert.match(body, /Ponta Delgada/);
  assert.match(body, /Visitor: Do you ship to the Azores\?/);
});

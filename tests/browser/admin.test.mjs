// The site owner's admin page in Chromium: a wrong token refused, the right
// one signs in (the page keeps no token), business hours changed on the
// page change what visitors are offered at once, the change is in the
// audit log, the FAQ is tried and saved, a phone-sized screen works, axe finds nothing, and signing out
// ends the session. Screenshots go to build/test-artifacts/browser.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { agents, artifacts, axeViolations, Cluster, eventually, launchBrowser, shot } from './harness.mjs';

const adminToken = 'browser-admin-token-of-32-characters';
let cluster;
let browser;

before(async () => {
  // Open only on one weekday far from now's: the page's 24/7 then makes a difference.
  cluster = await Cluster.start({
    relayFlags: ['--hours', 'mon 03:00-03:01', '--time-zone', 'UTC'],
    pages: { '/': (c) => ({ html: c.embed({}, { title: 'Shop', body: '<h1>Shop</h1>' }) }) },
  });
  browser = await launchBrowser();
  await cluster.whatsappFrom(agents.Ana, '/online');
  // One visitor's chat, for the metrics.
  const headers = { Origin: cluster.siteUrl, 'Content-Type': 'application/json' };
  const created = await (await fetch(cluster.relayUrl + '/v1/sessions', {
    method: 'POST', headers, body: JSON.stringify({ context: {} }),
  })).json();
  await fetch(`${cluster.relayUrl}/v1/sessions/${created.session_id}/messages`, {
    method: 'POST', headers: { ...headers, Authorization: `Bearer ${created.token}` },
    body: JSON.stringify({ cid: 'm1', text: 'Do you ship to Spain?' }),
  });
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

const availability = async () => (await fetch(cluster.relayUrl + '/v1/availability')).json();

test('admin page: sign in, change business hours, see them applied and audited, sign out', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(cluster.relayUrl + '/admin/');
  await page.getByLabel('Admin token').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'admin-sign-in');

  await page.getByLabel('Admin token').fill('not-the-admin-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await eventually(async () => (await page.locator('#status').textContent()).startsWith('Not signed in'), 20000);
  assert.equal(await page.getByLabel('Admin token').evaluate((e) => e === document.activeElement), true);

  await page.getByLabel('Admin token').fill(adminToken);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Business hours' }).waitFor();
  await eventually(async () => (await page.getByLabel('Time zone').inputValue()) === 'UTC');
  // The token is nowhere in the page or its storage.
  assert.equal((await page.content()).includes(adminToken), false);
  assert.equal(await page.evaluate(() => document.cookie), '');  // HttpOnly
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  assert.equal((await availability()).online, false);

  // The agents, and who can take a chat now.
  await eventually(async () => (await page.locator('#agents tr').count()) === 2);
  const ana = await page.locator('#agents tr', { hasText: 'Ana' }).textContent();
  assert.match(ana, /\+15551230001/);
  assert.match(ana, /online/);

  // WhatsApp's settings, secrets only as set, and a test that reads the number from the Cloud API.
  const whatsapp = page.locator('#whatsapp');
  await eventually(async () => (await whatsapp.textContent()).includes('Access tokenset'));
  assert.equal((await whatsapp.textContent()).includes('sim-access-token'), false);
  await page.getByRole('button', { name: 'Test the connection' }).click();
  await eventually(async () => (await page.locator('#whatsapp-result').textContent()).startsWith('Connected'));
  assert.match(await page.locator('#whatsapp-result').textContent(), /Baton Demo Shop, \+1 555-000-1234, quality GREEN/);
  await shot(page, 'admin-whatsapp-test');
  // A new access token, saved sealed and used at once: this one Meta refuses, and the test says so.
  assert.equal(await page.getByLabel('Access token').getAttribute('placeholder'), 'set (kept if empty)');
  await page.getByLabel('Access token').fill('a-token-meta-refuses');
  await page.getByRole('button', { name: 'Save WhatsApp account' }).click();
  await eventually(async () => (await page.locator('#status').textContent()).startsWith('WhatsApp account saved'));
  assert.equal(await page.getByLabel('Access token').inputValue(), '');
  await page.getByRole('button', { name: 'Test the connection' }).click();
  await eventually(async () => (await page.locator('#whatsapp-result').textContent()).includes('error 190'));
  await shot(page, 'admin-whatsapp-token');
  // The relay's answer to Ana meets the dead token: sending stops, the
  // message is kept, live chat is no longer offered, and the page says so.
  await cluster.whatsappFrom(agents.Ana, '/online');
  await eventually(async () => (await cluster.admin('/v1/admin/whatsapp')).health.state === 'blocked', 20000);
  await page.reload();
  const health = page.locator('#whatsapp-health');
  await eventually(async () => (await health.textContent()).startsWith('Not sending since'), 20000);
  assert.match(await health.textContent(), /make a new one.*Messages are kept/);
  assert.equal(await health.getAttribute('class'), 'result bad');
  await health.scrollIntoViewIfNeeded();
  await shot(page, 'admin-whatsapp-blocked');
  await page.getByRole('button', { name: 'Use the relay\'s flags' }).click();
  await eventually(async () => (await page.locator('#status').textContent()).startsWith('WhatsApp uses the relay'));
  await page.getByRole('button', { name: 'Test the connection' }).click();
  await eventually(async () => (await page.locator('#whatsapp-result').textContent()).startsWith('Connected'));
  // The kept answer went out, and the page shows the account sending again.
  await eventually(async () => (await health.textContent()) === 'Sending: the account works.', 20000);
  // No e-mail fallback on this relay: the test says so rather than failing quietly.
  await page.getByRole('button', { name: 'Send a test e-mail' }).click();
  await eventually(async () => (await page.locator('#mail-result').textContent()).startsWith('Not tested'));
  assert.match(await page.locator('#mail-result').textContent(), /--smtp-url/);

  // The success metrics count the visitor's chat, which never asked for a person.
  await eventually(async () => (await page.locator('#metrics-total').textContent()).startsWith('1 chat, 0 %'));
  assert.match(await page.locator('#metrics-total').textContent(), /converted 0 \(0 %\) within 7 days; cost per resolution not computed/);
  assert.match(await page.locator('#metrics-total').textContent(), /satisfaction no ratings;/);
  // A rate card: the cost per resolution is computed at once.
  await page.getByLabel('Currency').fill('eur');
  await page.getByLabel('WhatsApp utility message').fill('0.0218');
  await page.getByLabel('Model, per 1,000 input tokens').fill('');  // empty: free
  await page.getByLabel('Model, per 1,000 output tokens').fill('1.5');
  await page.getByRole('button', { name: 'Save rate card' }).click();
  await eventually(async () => (await page.locator('#status').textContent()) === 'Rate card saved.');
  await eventually(async () => /cost per resolution .*resolved, .* in all\), by the assistant alone/
    .test(await page.locator('#metrics-total').textContent()));
  const card = await page.evaluate(async () => (await (await fetch('/v1/admin/rates')).json()).rates);
  assert.deepEqual(card, { currency: 'EUR', whatsapp: { utility: 0.0218 }, model: { input_per_1k: 0, output_per_1k: 1.5 } });
  await shot(page, 'admin-rates');
  // The chart: a bar for every day of the period, today's with the chat in it.
  const bars = await page.locator('#metrics-chart svg[role=img] rect.all').evaluateAll((rects) =>
    rects.map((r) => ({ height: Number(r.getAttribute('height')), title: r.textContent })));
  assert.ok(bars.length >= 7 && bars.length <= 8, `${bars.length} bars`);
  assert.equal(bars.filter((b) => b.height > 0).length, 1);
  assert.match(bars.find((b) => b.height > 0).title, /: 1 chat, 0 handed to a person/);
  assert.match(await page.locator('#metrics-chart svg[role=img]').getAttribute('aria-label'), /^Chats per day: most 1/);
  await page.locator('#metrics-chart').scrollIntoViewIfNeeded();
  await shot(page, 'admin-metrics-chart');
  await page.getByLabel('By', { exact: true }).selectOption('way');
  await page.getByRole('button', { name: 'Show' }).click();
  await eventually(async () => (await page.locator('#metrics-rows').textContent()).includes('(assistant only)'));
  const csv = await page.evaluate(async () => (await fetch(document.getElementById('metrics-csv').href)).text());
  assert.match(csv, /^way,chats,handed_off,handoff_rate/);

  // A wrong value is explained, and nothing changes.
  await page.getByLabel('Custom').check();
  await page.getByLabel('Hours', { exact: true }).fill('whenever we like');
  await page.getByRole('button', { name: 'Save hours' }).click();
  await eventually(async () => (await page.locator('#hours-error').textContent()).length > 0);
  assert.equal((await availability()).online, false);
  await shot(page, 'admin-hours-error');

  await page.getByLabel('Around the clock (24/7)').check();
  await page.getByRole('button', { name: 'Save hours' }).click();
  await eventually(async () => (await page.locator('#status').textContent()).startsWith('Business hours saved'));
  // Applied at once, without a restart.
  await eventually(async () => (await availability()).online === true);
  // The log reloads after the save: wait for the new entry on top, not for any two rows.
  await eventually(async () => /set_hours/.test(await page.locator('#audit tr').first().textContent()));
  const first = await page.locator('#audit tr').first().textContent();
  assert.match(first, /set_hours/);
  assert.match(first, /page@127\.0\.0\.1/);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'admin-signed-in');

  // A new site for the widget, allowed at once.
  const newSite = 'https://new-shop.example';
  const openFrom = async (origin) => (await fetch(cluster.relayUrl + '/v1/sessions', {
    method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/json' }, body: '{"context":{}}',
  })).status;
  assert.equal(await openFrom(newSite), 403);
  await page.getByLabel('Site addresses, one per line').fill(`${cluster.siteUrl}\n${newSite}/`);
  await page.getByRole('button', { name: 'Save sites' }).click();
  await eventually(async () => (await page.locator('#status').textContent()).startsWith('Sites saved'));
  assert.equal(await openFrom(newSite), 201);
  assert.equal(await page.getByLabel('Site addresses, one per line').inputValue(), `${cluster.siteUrl}\n${newSite}`);

  // Agents changed on the page: Ben removed, Cara added, and the next chat is Cara's, without a restart.
  await page.getByRole('button', { name: 'Remove Ben' }).click();
  await page.getByRole('button', { name: 'Add an agent' }).click();
  const cara = page.locator('#agents-edit fieldset').last();
  assert.equal(await cara.getByLabel('Name').evaluate((e) => e === document.activeElement), true);
  await cara.getByLabel('Name').fill('Cara');
  await cara.getByLabel('WhatsApp number').fill('+1 555 123 0001');  // Ana's, by mistake
  await page.getByRole('button', { name: 'Save agents' }).click();
  await eventually(async () => (await page.locator('#agents-error').textContent()).length > 0);
  assert.equal(await page.locator('#agents-error').textContent(), 'Ana and Cara have the same number');
  await cara.getByLabel('WhatsApp number').fill('+1 555 123 0003');
  await cara.getByLabel('Chats at once').fill('2');
  await shot(page, 'admin-agents-edit');
  await page.getByRole('button', { name: 'Save agents' }).click();
  await eventually(async () => (await page.locator('#status').textContent()).startsWith('Agents saved'));
  await eventually(async () => (await page.locator('#agents tr', { hasText: 'Cara' }).count()) === 1);
  assert.equal(await page.locator('#agents tr', { hasText: 'Ben' }).count(), 0);
  assert.match(await page.locator('#agents tr', { hasText: 'Cara' }).textContent(), /\+15551230003.*0 of 2/);
  await cluster.whatsappFrom(agents.Ana, '/away');
  await cluster.whatsappFrom('+15551230003', '/online');
  const visitor = await (await fetch(cluster.relayUrl + '/v1/sessions', {
    method: 'POST', headers: { Origin: cluster.siteUrl, 'Content-Type': 'application/json' }, body: '{"context":{}}',
  })).json();
  const handed = await (await fetch(`${cluster.relayUrl}/v1/sessions/${visitor.session_id}/handoff`, {
    method: 'POST',
    headers: { Origin: cluster.siteUrl, 'Content-Type': 'application/json', Authorization: `Bearer ${visitor.token}` },
    body: JSON.stringify({ mode: 'live', name: 'Lena' }),
  })).json();
  assert.equal(handed.agent, 'Cara');
  await eventually(async () => (await cluster.sentTo('+15551230003')).some((m) => (m.body || '').includes('Lena')));
  await cluster.whatsappFrom(agents.Ana, '/online');
  await eventually(async () => (await page.locator('#audit tr').first().textContent()).includes('set_agents'));

  // The widget's look: a colour too light is explained; a dark one, a label and the left side reach the site.
  await page.locator('#look-color').fill('#ffd400');
  await eventually(async () => (await page.locator('#look-contrast').textContent()).includes('too low'));
  await page.getByRole('button', { name: 'Save the widget' }).click();
  await eventually(async () => (await page.locator('#widget-error').textContent()).includes('hard to read'));
  await page.locator('#look-color').fill('#7a1f5c');
  await page.getByLabel('Launcher label').fill('Ask us');
  await page.getByLabel('Side of the page').selectOption('left');
  await page.getByLabel('A message by e-mail').uncheck();
  await page.getByLabel('Language for other visitors').selectOption('es');
  await eventually(async () => (await page.locator('#look-preview').getAttribute('src')).includes('label=Ask+us'));
  await shot(page, 'admin-widget');
  await page.getByRole('button', { name: 'Save the widget' }).click();
  await eventually(async () => (await page.locator('#status').textContent()).startsWith('Widget saved'));
  const site = await browser.newPage();
  await site.goto(cluster.siteUrl);
  const launcher = site.locator('#baton-chat button.launcher');
  await eventually(async () => (await launcher.textContent()).includes('Ask us'));
  assert.equal(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(122, 31, 92)');
  assert.equal(await site.locator('#baton-chat').evaluate((h) => h.classList.contains('left')), true);
  await shot(site, 'admin-widget-on-site');
  await site.close();
  // A visitor whose browser speaks none of the six languages gets the owner's default.
  const context = await browser.newContext({ locale: 'ja-JP' });
  const japanese = await context.newPage();
  await japanese.goto(cluster.siteUrl);
  await eventually(async () => (await japanese.locator('#baton-chat button.launcher').getAttribute('aria-label'))
    === 'Ask us, Abrir chat');
  await context.close();

  // The FAQ: a question tried against an unsaved draft, then saved and answering visitors.
  await eventually(async () => (await page.getByLabel('FAQ, in Markdown').inputValue()).includes('## '));
  const faq = page.getByLabel('FAQ, in Markdown');
  await faq.fill((await faq.inputValue()) + '\n## Do you rent bikes?\nYes: city bikes for 15 euros a day.\n' +
    'Also asked as: hire a bike\n');
  await page.getByLabel('Try a question').fill('can I hire a bike?');
  await page.getByRole('button', { name: 'Try it' }).click();
  await eventually(async () => (await page.locator('#faq-result').textContent()).includes('Answered by "Do you rent bikes?"'));
  assert.match(await page.locator('#faq-result').textContent(), /How sure the assistant is that the first one answers: \d+ %/);
  await page.locator('#faq-result').scrollIntoViewIfNeeded();
  await shot(page, 'admin-faq-try');
  await page.getByRole('button', { name: 'Save FAQ' }).click();
  await eventually(async () => (await page.locator('#status').textContent()).startsWith('FAQ saved'));
  await eventually(async () => (await page.locator('#audit tr').first().textContent()).includes('set_faq'));
  // The model: a key without https to another machine is refused in words.
  await page.getByLabel('Server address').fill('http://10.0.0.5:8081/v1');
  await page.getByLabel('Model', { exact: true }).fill('m');
  await page.getByLabel('API key').fill('sk-test');
  await page.getByRole('button', { name: 'Save model' }).click();
  await eventually(async () => (await page.locator('#model-error').textContent()).includes('unencrypted'));

  // The e-mail fallback: a sender that is no address is named; nothing changes.
  await page.getByLabel('SMTP server').fill('smtp://127.0.0.1:2525');
  await page.getByLabel('Sender').fill('the shop');
  await page.getByLabel('Support address').fill('team@shop.example');
  await page.getByRole('button', { name: 'Save e-mail fallback' }).click();
  await eventually(async () => (await page.locator('#mail-error').textContent()).includes('the sender'));

  // A longer retention needs no confirmation; a shorter one asks first, and Cancel changes nothing.
  const days = page.getByLabel('Erase chats with nothing new after (days)');
  assert.equal(await days.inputValue(), '180');
  await days.fill('365');
  await page.getByRole('button', { name: 'Save period' }).click();
  await eventually(async () => (await page.locator('#status').textContent()) === 'Period saved.');
  page.once('dialog', (dialog) => dialog.dismiss());
  await days.fill('7');
  await page.getByRole('button', { name: 'Save period' }).click();
  await page.waitForTimeout(300);
  const kept = await page.evaluate(async () => (await (await fetch('/v1/admin/retention')).json()).days);
  assert.equal(kept, 365);
  assert.equal(await days.inputValue(), '365');
  await page.screenshot({ path: join(artifacts, 'admin-full.png'), fullPage: true });

  // A reload keeps the session; a phone-sized screen still works.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.getByRole('heading', { name: 'Business hours' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false);
  await shot(page, 'admin-phone');

  await page.getByRole('button', { name: 'Use the relay\'s hours' }).click();
  await eventually(async () => (await availability()).online === false);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Admin token').waitFor();
  await page.reload();
  await page.getByLabel('Admin token').waitFor();
  const hours = await page.evaluate(async () => (await fetch('/v1/admin/hours')).status);
  assert.equal(hours, 401);
  assert.deepEqual(errors, []);
  await page.close();
});

// The widget embedded on another origin: chat with the assistant, hand over
// to an agent on (simulated) WhatsApp, their replies appear, ticks follow,
// a second tab stays in sync, message text stays text.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Cluster, agents, eventually, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;
let context;
let page;

before(async () => {
  cluster = await Cluster.start({
    pages: { '/': (c) => ({ html: c.embed({ greeting: 'Questions? We are here.' }, { title: 'Bikes' }) }) },
  });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

const log = (p) => p.getByRole('log');
const lastLogText = (p) => log(p).locator('li').last();

test('a site on another origin shows the launcher at once and the widget on first click', async () => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${cluster.siteUrl}/?utm_source=newsletter`);
  const launcher = page.getByRole('button', { name: 'Open chat' });
  await launcher.waitFor();
  await shot(page, 'chat-01-launcher');
  await launcher.click();
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.waitFor();
  await assert.doesNotReject(log(page).getByText('virtual assistant').waitFor());
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'baton-chat');  // focus is inside the widget
  assert.deepEqual(errors, []);
  await shot(page, 'chat-02-open');
});

test('the assistant answers, and the visitor message gets its tick', async () => {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Do you ship to Portugal?');
  await page.getByRole('button', { name: 'Send' }).click();
  await log(page).getByText('Do you ship to Portugal?').waitFor();
  await log(page).getByText('We ship to every country in the European Union').waitFor();
  await log(page).getByRole('img', { name: 'Sent' }).first().waitFor();
  assert.equal(await box.inputValue(), '');
  // Each message says when: "now" while fresh, the whole date on hover.
  const when = log(page).locator('time').last();
  assert.equal(await when.textContent(), 'now');
  assert.match(await when.getAttribute('title'), /\b20\d\d\b/);
  await shot(page, 'chat-03-assistant');
});

test('wait for live chat: the agent gets the context on WhatsApp and answers in the widget', async () => {
  await page.getByRole('button', { name: 'Talk to a live agent' }).click();
  // Neither agent has written to the business yet: reachable, not online.
  await page.getByText('An agent will be told and will answer here').waitFor();
  await shot(page, 'chat-04-options');
  for (const option of ['Wait for live chat', 'Continue on WhatsApp', 'Schedule a call']) {
    await page.getByRole('button', { name: option }).waitFor();
  }
  await page.getByRole('button', { name: 'Wait for live chat' }).click();
  await page.getByLabel('Name').fill('Marta Silva');
  await page.getByLabel('E-mail').fill('marta@example.com');
  await page.getByRole('checkbox').check();
  await shot(page, 'chat-05-form');
  await page.getByRole('button', { name: 'Connect me' }).click();
  await page.getByText(/Waiting for (Ana|Ben)/).waitFor();

  const [agentName, phone] = (await page.getByText(/Waiting for (Ana|Ben)/).textContent()).includes('Ana')
    ? ['Ana', agents.Ana] : ['Ben', agents.Ben];
  // The agent never wrote: a template asks them to reply first.
  const template = await eventually(async () => (await cluster.sentTo(phone)).find((m) => m.type === 'template'));
  await cluster.whatsappFrom(phone, 'ok, show me', template.id);
  const handoff = await eventually(async () =>
    (await cluster.sentTo(phone)).find((m) => m.body.includes('New chat #')));
  assert.match(handoff.body, /Marta Silva/);
  assert.match(handoff.body, /marta@example\.com/);
  assert.match(handoff.body, /Visitor: Do you ship to Portugal\?/);
  assert.match(handoff.body, /utm|newsletter|localhost/);

  await cluster.whatsappFrom(phone, 'Hi Marta! Yes, we ship to Portugal in 3-5 days.', handoff.id);
  await log(page).getByText('Hi Marta! Yes, we ship to Portugal').waitFor();
  await page.getByText(`${agentName} is here`).waitFor();
  await log(page).getByText(`${agentName} joined the chat`).waitFor();

  await page.getByRole('textbox', { name: 'Message' }).fill('Great, thanks!');
  await page.keyboard.press('Enter');
  const relayed = await eventually(async () => (await cluster.sentTo(phone)).find((m) => m.body.endsWith('Great, thanks!')));
  await log(page).getByRole('img', { name: 'Delivered' }).waitFor();
  await cluster.sim_('POST', '/sim/read', { id: relayed.id });
  await log(page).getByRole('img', { name: 'Read' }).waitFor();
  // Ana reacts on WhatsApp: the reaction sits on the message, not on a line of its own.
  const lines = await log(page).locator('li').count();
  await cluster.sim_('POST', '/sim/inbound', { from: phone, type: 'reaction', reply_to: relayed.id, emoji: '👍' });
  await log(page).locator('li', { hasText: 'Great, thanks!' }).getByRole('img', { name: 'Reaction: 👍' }).waitFor();
  assert.equal(await log(page).locator('li').count(), lines);
  await shot(page, 'chat-06-live');
});

test('a second tab shows the same conversation, live', async () => {
  const second = await context.newPage();
  await second.goto(cluster.siteUrl);  // the panel is open in the first tab: here too
  await log(second).getByText('Great, thanks!').waitFor();
  await page.getByRole('textbox', { name: 'Message' }).fill('Typed in the first tab');
  await page.keyboard.press('Enter');
  await log(second).getByText('Typed in the first tab').waitFor();
  await shot(second, 'chat-07-second-tab');
  await second.close();
});

test('message text is rendered as text, and only http(s) links are links', async () => {
  const phone = (await page.getByText(/(Ana|Ben) is here/).textContent()).includes('Ana') ? agents.Ana : agents.Ben;
  await cluster.whatsappFrom(phone, '<img src=x onerror="window.__xss=1"> see https://example.com/help or javascript:window.__xss=2');
  await log(page).getByText('<img src=x onerror="window.__xss=1">', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await log(page).locator('img').count(), 0);  // the log has none; the handoff card's QR image is the relay's own
  const link = log(page).getByRole('link', { name: 'https://example.com/help' });
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await log(page).getByRole('link').count(), 1);
  // WhatsApp's formatting is shown as such, and what it wraps is still text.
  await cluster.whatsappFrom(phone, '*On its way* _<b onmouseover="window.__xss=3">today</b>_ ~late~ `#A-12`');
  await log(page).locator('strong', { hasText: 'On its way' }).waitFor();
  assert.equal(await log(page).locator('em').last().textContent(), '<b onmouseover="window.__xss=3">today</b>');
  assert.equal(await log(page).locator('s').last().textContent(), 'late');
  assert.equal(await log(page).locator('code').last().textContent(), '#A-12');
  assert.equal(await log(page).locator('b').count(), 0);
  await shot(page, 'chat-08-xss-inert');
});

test('every message the visitor typed was stored exactly once', async () => {
  const texts = await cluster.storedTexts();
  for (const text of ['Do you ship to Portugal?', 'Great, thanks!', 'Typed in the first tab']) {
    assert.equal(texts.filter((t) => t === text).length, 1, text);
  }
});

// What happens after a chat ends, and across the pages of a shop: the next
// message always has a reader and the visitor is told who; the unread badge
// counts only what was never shown; an open panel stays open on the next page.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Cluster, agents, axeViolations, eventually, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;
let context;
let page;

before(async () => {
  cluster = await Cluster.start({
    pages: {
      '/': (c) => ({ html: c.embed({}, { title: 'Shop', body: '<h1>Shop</h1><a href="/bikes">Bikes</a>' }) }),
      '/bikes': (c) => ({ html: c.embed({}, { title: 'Bikes', body: '<h1>Bikes</h1>' }) }),
    },
    relayFlags: (c) => ['--agents', `Ana:${agents.Ana}`, '--agent-photos', `Ana=${c.relayUrl}/demo/ana.svg`],
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
const box = (p) => p.getByRole('textbox', { name: 'Message' });
const badge = (p) => p.locator('#baton-chat .badge');
const launcher = (p) => p.locator('#baton-chat button.launcher');

// From an open panel: "Talk to a live agent", "Wait for live chat", as Lena.
async function waitForAna(p) {
  await p.getByRole('button', { name: 'Talk to a live agent' }).click();
  await p.getByRole('button', { name: 'Wait for live chat' }).click();
  await p.getByLabel('Name').fill('Lena');
  await p.getByRole('checkbox').check();
  await p.getByRole('button', { name: 'Connect me' }).click();
  await p.getByText('Waiting for Ana').waitFor();
}

test('after the agent ends the chat, the next message starts a new conversation with the assistant', async () => {
  // Ana wrote to the business: her window is open, the chat reaches her at once.
  await cluster.whatsappFrom(agents.Ana, 'good morning');
  await page.goto(cluster.siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await waitForAna(page);
  const handoff = await eventually(async () => (await cluster.sentTo(agents.Ana)).find((m) => m.body.includes('New chat #')));
  await cluster.whatsappFrom(agents.Ana, 'Hi Lena, Ana here.', handoff.id);
  await log(page).getByText('Hi Lena, Ana here.').waitFor();
  // Her picture is in the header while she has the chat.
  const photo = page.locator('#baton-chat img.agent-photo');
  await photo.waitFor();
  assert.equal(await photo.getAttribute('src'), `${cluster.relayUrl}/demo/ana.svg`);
  await eventually(async () => photo.evaluate((img) => img.complete && img.naturalWidth > 0));
  await shot(page, 'lifecycle-00-agent-photo');
  await cluster.whatsappFrom(agents.Ana, '/end');
  await log(page).getByText('Ana left the chat').waitFor();
  await photo.waitFor({ state: 'hidden' });

  // The composer says what the next message does, and is described by it.
  const next = page.getByText('This chat has ended. Write to start a new conversation with the assistant.');
  await next.waitFor();
  assert.equal(await box(page).getAttribute('placeholder'), 'Start a new conversation…');
  assert.equal(await box(page).getAttribute('aria-describedby'), await next.getAttribute('id'));
  await shot(page, 'lifecycle-01-ended');

  // How was it? One to five, with a word if the visitor likes; the relay thanks them and the question goes.
  await log(page).getByText('How was your chat with Ana?').waitFor();
  const survey = page.getByRole('group', { name: 'Rate this chat' });
  await survey.waitFor();
  // (This test page has no landmarks of its own: only the widget's findings count.)
  assert.deepEqual((await axeViolations(page)).filter((v) => v.includes('#baton-chat')), []);
  await shot(page, 'lifecycle-01b-survey');
  await survey.getByRole('textbox', { name: 'Anything to add? (optional)' }).fill('Quick and kind.');
  await survey.getByRole('button', { name: '5 of 5' }).click();
  await log(page).getByText('Thank you for your rating.').waitFor();
  await survey.waitFor({ state: 'hidden' });
  const rated = await cluster.admin('/v1/admin/analytics?by=agent');
  assert.equal(rated.total.satisfaction.count, 1);
  assert.equal(rated.total.satisfaction.average, 5);

  await box(page).fill('Do you ship to Portugal?');
  await page.keyboard.press('Enter');
  await log(page).getByText(/^New conversation\./).waitFor();
  await log(page).getByText('We ship to every country in the European Union').waitFor();
  assert.equal(await next.isVisible(), false);
  await shot(page, 'lifecycle-02-new-conversation');
  // Ana was not sent what the visitor wrote after the end.
  const toAna = await cluster.sentTo(agents.Ana);
  assert.equal(toAna.filter((m) => m.body.includes('Do you ship to Portugal?')).length, 0);
});

test('an open panel stays open on the next page, and history is not counted as unread', async () => {
  await page.goto(`${cluster.siteUrl}/bikes`);
  await log(page).getByText('We ship to every country in the European Union').waitFor();
  assert.equal(await launcher(page).getAttribute('aria-expanded'), 'true');
  // Opened by the last page, not by the visitor here: the page keeps its focus.
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'baton-chat');
  await shot(page, 'lifecycle-03-next-page-open');
  await launcher(page).click();
  await page.reload();
  await page.getByRole('button', { name: 'Open chat' }).waitFor();
  await page.waitForTimeout(1500);  // the widget has loaded and replayed the whole log by now
  assert.equal(await badge(page).isVisible(), false);
});

test('the log keeps its place on the next page, and news still shows', async () => {
  const own = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const tab = await own.newPage();
  await tab.goto(cluster.siteUrl);
  await tab.getByRole('button', { name: 'Open chat' }).click();
  for (const question of ['Do you ship to Portugal?', 'Do you ship to Spain?', 'Do you ship to France?']) {
    await box(tab).fill(question);
    await tab.keyboard.press('Enter');
    await eventually(async () => (await log(tab).getByText(question).count()) === 1);
  }
  // Every answer in (the greeting and three), none still being written: news
  // arriving later would rightly scroll the log to its end.
  await eventually(async () => (await log(tab).locator('li.entry.bot:not(.draft)').count()) === 4 &&
    (await log(tab).locator('li.draft:visible').count()) === 0);
  const scroller = () => tab.evaluate(() => {
    const element = document.querySelector('#baton-chat').shadowRoot.querySelector('.log');
    return { top: element.scrollTop, fromEnd: element.scrollHeight - element.scrollTop - element.clientHeight };
  });
  await eventually(async () => (await scroller()).fromEnd < 2);  // at the end while chatting
  await tab.evaluate(() => { document.querySelector('#baton-chat').shadowRoot.querySelector('.log').scrollTop = 40; });
  await tab.waitForTimeout(300);
  const left = await scroller();
  assert.equal(left.top, 40, 'nothing moved the log meanwhile');
  assert.ok(left.fromEnd > 100, 'the log is long enough to scroll');
  await tab.goto(`${cluster.siteUrl}/bikes`);
  await log(tab).getByText('Do you ship to France?').waitFor();
  await eventually(async () => Math.abs((await scroller()).fromEnd - left.fromEnd) <= 2);
  // Something new goes to the end as always.
  await box(tab).fill('Do you ship to Germany?');
  await tab.keyboard.press('Enter');
  await eventually(async () => (await scroller()).fromEnd < 2);
  await own.close();
});

test('what arrives while the panel is closed counts on every page until it is read, in any tab', async () => {
  await launcher(page).click();
  await waitForAna(page);
  await launcher(page).click();
  await cluster.whatsappFrom(agents.Ana, 'Hi again Lena, how can I help?');
  // One message: "Ana joined the chat" is announced, not counted.
  await eventually(async () => (await badge(page).textContent()) === '1');
  await shot(page, 'lifecycle-04-badge');
  // The next page: still one, the replay is not news.
  await page.goto(cluster.siteUrl);
  await page.waitForTimeout(1500);
  assert.equal(await badge(page).textContent(), '1');
  // Read in another tab, read here too.
  const second = await context.newPage();
  await second.goto(cluster.siteUrl);
  await second.getByRole('button', { name: 'Open chat' }).click();
  await log(second).getByText('Hi again Lena, how can I help?').waitFor();
  await eventually(async () => !(await badge(page).isVisible()));
  await second.getByRole('button', { name: 'Close chat' }).first().click();  // the next page opens closed
  await second.close();
  await page.reload();
  await page.waitForTimeout(1500);
  assert.equal(await badge(page).isVisible(), false);
});

test('after an end, Start a new chat gives the chat back to the assistant without a message', async () => {
  // The chat is Ana's since the test above.
  if ((await launcher(page).getAttribute('aria-expanded')) !== 'true') await launcher(page).click();
  await cluster.whatsappFrom(agents.Ana, '/end');
  const start = page.getByRole('button', { name: 'Start a new chat' });
  await start.waitFor();
  await shot(page, 'lifecycle-05-start-new-chat');
  const before = await log(page).getByText(/^New conversation\./).count();
  await start.click();
  await eventually(async () => (await log(page).getByText(/^New conversation\./).count()) === before + 1);
  await start.waitFor({ state: 'hidden' });
  await page.getByText('This chat has ended').waitFor({ state: 'hidden' });
  assert.equal(await box(page).getAttribute('placeholder'), 'Type a message…');
  // What came before is still there, above the line.
  await log(page).getByText('Hi again Lena, how can I help?').waitFor();
  // As the next tests expect: Ana has the chat again, and the panel is closed.
  await waitForAna(page);
  await cluster.whatsappFrom(agents.Ana, 'Back with you, Lena.');
  await log(page).getByText('Back with you, Lena.').waitFor();
  await launcher(page).click();
});

test('with the bell on, a hidden tab gets a notification naming who wrote, and clicking it opens the chat', async () => {
  const own = await browser.newContext();
  // A browser that allows notifications once asked, and a tab the test hides.
  await own.addInitScript(() => {
    window.__notes = [];
    window.__hidden = false;
    Object.defineProperty(Document.prototype, 'hidden', { get: () => window.__hidden });
    Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (window.__hidden ? 'hidden' : 'visible') });
    class Note {
      constructor(title, options) { this.title = title; this.options = options; window.__notes.push(this); }
      close() { this.closed = true; }
    }
    Note.permission = 'default';
    Note.requestPermission = () => { Note.permission = 'granted'; window.__asked = true; return Promise.resolve('granted'); };
    window.Notification = Note;
  });
  const tab = await own.newPage();
  await tab.goto(cluster.siteUrl);
  await tab.getByRole('button', { name: 'Open chat' }).click();
  await box(tab).waitFor();
  assert.equal(await tab.evaluate(() => window.__asked === true), false, 'nothing asked before the bell');
  await tab.getByRole('button', { name: 'Sound and notifications for new messages' }).click();
  assert.equal(await tab.evaluate(() => window.__asked), true);
  // Visible: no notification, even for an answer.
  await box(tab).fill('Do you ship to Portugal?');
  await tab.keyboard.press('Enter');
  await log(tab).getByText('We ship to every country in the European Union').waitFor();
  assert.equal(await tab.evaluate(() => window.__notes.length), 0);
  // Hidden: the next answer is a notification that names who wrote, not what.
  await tab.evaluate(() => { window.__hidden = true; document.dispatchEvent(new Event('visibilitychange')); });
  await box(tab).fill('And to Spain?');
  await tab.keyboard.press('Enter');
  await eventually(async () => (await tab.evaluate(() => window.__notes.length)) === 1);
  const note = await tab.evaluate(() => ({ title: window.__notes[0].title, tag: window.__notes[0].options.tag }));
  assert.match(note.title, /^New message from /);
  assert.equal(note.tag, 'baton');
  await tab.evaluate(() => window.ChatWidget.close());
  await tab.evaluate(() => window.__notes[0].onclick());
  await eventually(async () => (await launcher(tab).getAttribute('aria-expanded')) === 'true');
  assert.equal(await tab.evaluate(() => window.__notes[0].closed), true);
  await own.close();
});

test('the site hears what happens through ChatWidget.on, and reset() on logout forgets the chat', async () => {
  await page.goto(cluster.siteUrl);
  await page.evaluate(() => {
    window.__events = [];
    for (const name of ['open', 'close', 'message', 'handoff']) {
      window.ChatWidget.on(name, (detail) => window.__events.push([name, detail]));
    }
  });
  assert.equal(await page.evaluate(() => { try { window.ChatWidget.on('clicked', () => {}); } catch (e) { return e.name; } }),
    'TypeError');
  await page.getByRole('button', { name: 'Open chat' }).click();
  await box(page).fill('What are your opening hours?');
  await page.keyboard.press('Enter');
  await eventually(async () => (await page.evaluate(() => window.__events)).some(([name]) => name === 'message'));
  await cluster.whatsappFrom(agents.Ana, 'From 9 to 6, Monday to Saturday.');
  const events = await eventually(async () => {
    const seen = await page.evaluate(() => window.__events);
    return seen.some(([name, d]) => name === 'message' && d.author === 'agent') ? seen : null;
  });
  const answer = events.find(([name, d]) => name === 'message' && d.author === 'agent');
  assert.deepEqual(Object.keys(answer[1]).sort(), ['author', 'name', 'seq', 'text']);
  assert.equal(answer[1].name, 'Ana');
  assert.deepEqual(events[0], ['open', {}]);
  const mine = events.find(([name, d]) => name === 'message' && d.author === 'visitor');
  assert.equal(mine[1].text, 'What are your opening hours?');
  await launcher(page).click();
  await eventually(async () => (await page.evaluate(() => window.__events)).some(([name]) => name === 'close'));

  // A purchase after the chat counts for it on the owner's metrics, once, however often the page says so.
  const buy = () => page.evaluate(() => window.ChatWidget.track('purchase', { value: 59.9, currency: 'EUR', id: 'order #1001' }));
  assert.equal(await buy(), true);
  assert.equal(await buy(), true);
  const metrics = await cluster.admin('/v1/admin/analytics');
  assert.equal(metrics.total.converted, 1);
  assert.equal(metrics.total.conversion_value.EUR, 59.9);

  await page.evaluate(() => window.ChatWidget.reset());
  await eventually(async () => {
    const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
    return !stored.includes('Lena') && !stored.includes('opening hours') && !stored.includes('token');
  });
  await page.reload();
  await page.getByRole('button', { name: 'Open chat' }).click();
  await log(page).getByText('virtual assistant').waitFor();
  assert.equal(await log(page).getByText('opening hours').count(), 0);
  assert.equal(await log(page).getByText('From 9 to 6').count(), 0);
  assert.equal(await log(page).locator('li').count(), 1);
  await shot(page, 'lifecycle-05-after-reset');
  // The next person on this browser has no chat of the last one's to count a purchase for.
  await page.evaluate(() => window.ChatWidget.reset());
  assert.equal(await page.evaluate(() => window.ChatWidget.track('purchase', { value: 5, currency: 'EUR' })), false);
});

test('the visitor ends a chat with End chat: Ana is told, and the visitor is asked to rate it', async () => {
  const own = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await own.newPage();
  await cluster.whatsappFrom(agents.Ana, 'still here');
  await p.goto(cluster.siteUrl);
  await p.getByRole('button', { name: 'Open chat' }).click();
  const before = (await cluster.sentTo(agents.Ana)).length;
  await waitForAna(p);
  const handoff = await eventually(async () => (await cluster.sentTo(agents.Ana)).slice(before)
    .find((m) => m.body.includes('New chat #')));
  const code = handoff.body.match(/#([A-Z0-9]{6})/)[1];
  await cluster.whatsappFrom(agents.Ana, 'Hello Lena, what can I do?', handoff.id);
  await log(p).getByText('Hello Lena, what can I do?').waitFor();
  await shot(p, 'lifecycle-06a-end-chat');
  await p.getByRole('button', { name: 'End chat' }).click();
  await log(p).getByText('You ended the chat.').waitFor();
  await log(p).getByText('How was your chat with Ana?').waitFor();
  await p.getByRole('group', { name: 'Rate this chat' }).waitFor();
  await p.getByRole('button', { name: 'End chat' }).waitFor({ state: 'hidden' });
  await p.getByRole('button', { name: 'Start a new chat' }).waitFor();
  await shot(p, 'lifecycle-06-visitor-ended');
  await eventually(async () => (await cluster.sentTo(agents.Ana)).some((m) => m.body.includes(`Lena ended chat #${code}`)));
  await own.close();
});

test('a site left out of --allowed-origins gets no launcher, and the console says what to change', async () => {
  const refused = await Cluster.start({
    pages: { '/': (c) => ({ html: c.embed() }) },
    relayFlags: ['--allowed-origins', 'https://elsewhere.example'],
  });
  try {
    const other = await context.newPage();
    const lines = [];
    other.on('console', (m) => { if (m.type() === 'error') lines.push(m.text()); });
    await other.goto(refused.siteUrl);
    const line = await eventually(() => lines.find((l) => l.startsWith('Baton chat:')));
    assert.match(line, new RegExp(`refused this page's origin, ${refused.siteUrl}`));
    assert.match(line, new RegExp(`--allowed-origins ${refused.siteUrl}`));
    assert.equal(await other.locator('#baton-chat').count(), 0);
    await other.close();
  } finally {
    await refused.stop();
  }
});

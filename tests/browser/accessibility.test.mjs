// Keyboard-only use, focus, Arabic right to left, phone-sized screens, and a
// strict Content Security Policy on the host page.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Cluster, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;

before(async () => {
  cluster = await Cluster.start({
    pages: {
      '/': (c) => ({ html: c.embed({}, { body: '<h1>Shop</h1><a href="#top">First link</a>' }) }),
      '/ar': (c) => ({ html: c.embed({ lang: 'ar' }) }),
      '/own-button': (c) => ({ html: c.embed({ launcher: 'none', 'offset-y': '40' },
        { body: '<h1>Shop</h1><button id="help" onclick="ChatWidget.open()">Help</button>' }) }),
      '/labelled': (c) => ({ html: c.embed({ 'launcher-label': 'Questions?', 'offset-x': '32', 'offset-y': '48' }) }),
      '/words': (c) => ({ html: c.embed({ 'launcher-label': 'Questions?', 'launcher-label-es': '¿Preguntas?',
        title: 'Bike Shop', 'title-es': 'Tienda de bicis', 'reply-time-es': 'Respondemos en una hora' }) }),
      '/words-es': (c) => ({ html: c.embed({ lang: 'es', 'launcher-label': 'Questions?', 'launcher-label-es': '¿Preguntas?',
        title: 'Bike Shop', 'title-es': 'Tienda de bicis', 'reply-time-es': 'Respondemos en una hora' }) }),
      '/strict': (c) => ({
        html: c.embed({ color: '#6b2fb3', position: 'left' }),
        headers: {
          'Content-Security-Policy': `default-src 'none'; script-src ${c.relayUrl} 'wasm-unsafe-eval'; ` +
            `connect-src ${c.relayUrl} ${c.relayUrl.replace('http', 'ws')}; style-src ${c.relayUrl}; img-src data:`,
        },
      }),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

test('keyboard only: reach the launcher, open, type, send, close with Escape', async () => {
  const page = await browser.newPage();
  await page.goto(cluster.siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).waitFor();
  await page.keyboard.press('Tab');  // the page's own link
  await page.keyboard.press('Tab');  // the launcher
  assert.equal(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.getAttribute('aria-label')),
    'Open chat');
  await page.keyboard.press('Enter');
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  await page.waitForFunction(() =>
    document.querySelector('#baton-chat').shadowRoot.activeElement?.getAttribute('aria-label') === 'Message');
  await page.keyboard.type('Sent with the keyboard');
  await page.keyboard.press('Enter');
  await page.getByRole('log').getByText('Sent with the keyboard').waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('textbox', { name: 'Message' }).waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.className), 'launcher');
  await shot(page, 'a11y-01-keyboard');
  await page.close();
});

test('Arabic is right to left, in Arabic', async () => {
  const page = await browser.newPage();
  await page.goto(`${cluster.siteUrl}/ar`);
  const launcher = page.getByRole('button', { name: 'فتح المحادثة' });
  await launcher.click();
  await page.getByRole('textbox', { name: 'رسالة' }).waitFor();
  const direction = await page.evaluate(() =>
    getComputedStyle(document.querySelector('#baton-chat').shadowRoot.querySelector('.panel')).direction);
  assert.equal(direction, 'rtl');
  await page.getByRole('button', { name: 'التحدث إلى موظف' }).waitFor();
  // Times in Arabic too, through the browser's Intl: relative, whole on hover.
  const when = page.locator('#baton-chat time').first();
  assert.match(await when.textContent(), /[\u0600-\u06FF]/);
  assert.match(await when.getAttribute('title'), new RegExp(String(new Date().getFullYear()).replace(/\d/g, '[0-9٠-٩]')));
  await shot(page, 'a11y-02-arabic');
  await page.close();
});

test('Arabic texts come in a file of their own, and without it the widget speaks English, left to right', async () => {
  const page = await browser.newPage();
  const fetched = [];
  page.on('request', (request) => { if (request.url().includes('/widget-texts/')) fetched.push(request.url()); });
  await page.goto(`${cluster.siteUrl}/ar`);
  await page.getByRole('button', { name: 'فتح المحادثة' }).click();
  await page.getByRole('textbox', { name: 'رسالة' }).waitFor();
  assert.deepEqual(fetched.map((url) => new URL(url).pathname), ['/widget-texts/ar.txt']);
  await page.close();

  const cut = await browser.newPage();
  await cut.route('**/widget-texts/**', (route) => route.fulfill({ status: 503, body: 'down' }));
  await cut.goto(`${cluster.siteUrl}/ar`);
  // The loader names the launcher in Arabic; the widget, in English, renames it once it starts.
  await cut.locator('#baton-chat button.launcher').click();
  await cut.getByRole('textbox', { name: 'Message' }).waitFor();
  await cut.getByRole('button', { name: 'Talk to a live agent' }).waitFor();
  const direction = await cut.evaluate(() =>
    getComputedStyle(document.querySelector('#baton-chat').shadowRoot.querySelector('.panel')).direction);
  assert.equal(direction, 'ltr');
  await cut.close();
});

test('an English page fetches no texts file', async () => {
  const page = await browser.newPage();
  const fetched = [];
  page.on('request', (request) => { if (request.url().includes('/widget-texts/')) fetched.push(request.url()); });
  await page.goto(cluster.siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  assert.deepEqual(fetched, []);
  await page.close();
});

test('a phone-sized screen gets the whole screen, without the keyboard, zoom or the page scrolling behind', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await page.goto(cluster.siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const box = await page.locator('#baton-chat .panel').boundingBox();
  assert.equal(Math.round(box.width), 375);
  assert.equal(Math.round(box.height), 740);
  const message = page.getByRole('textbox', { name: 'Message' });
  await message.waitFor();
  // No keyboard popping up by itself, no zoom when the visitor taps the box,
  // and the page behind the panel does not scroll.
  assert.notEqual(await page.evaluate(() =>
    document.querySelector('#baton-chat').shadowRoot.activeElement?.tagName), 'TEXTAREA');
  assert.equal(await message.evaluate((e) => getComputedStyle(e).fontSize), '16px');
  assert.equal(await page.evaluate(() => document.documentElement.style.overflow), 'hidden');
  await shot(page, 'a11y-03-phone');
  await page.getByRole('button', { name: 'Close chat' }).first().click();
  await page.waitForFunction(() => document.documentElement.style.overflow === '');
  await page.close();
});

test('a strict Content Security Policy needs only the relay and wasm-unsafe-eval', async () => {
  const page = await browser.newPage();
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  await page.goto(`${cluster.siteUrl}/strict`);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('log').getByText('virtual assistant').waitFor();
  assert.deepEqual(violations, []);
  const launcher = await page.locator('#baton-chat .launcher').boundingBox();
  assert.ok(launcher.x < 100, 'data-position="left" puts the launcher on the left');
  await shot(page, 'a11y-04-strict-csp');
  await page.close();
});

test("the site's own button instead of the launcher, and a labelled launcher with offsets", async () => {
  const page = await browser.newPage({ reducedMotion: 'reduce' });
  await page.goto(`${cluster.siteUrl}/own-button`);
  await page.getByRole('button', { name: 'Help' }).waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('#baton-chat .launcher').isVisible(), false);
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  const panel = await page.locator('#baton-chat .panel').boundingBox();
  assert.equal(Math.round(page.viewportSize().height - (panel.y + panel.height)), 40);
  await shot(page, 'a11y-05-own-button');

  await page.goto(`${cluster.siteUrl}/labelled`);
  const launcher = page.getByRole('button', { name: /^Questions\?, / });
  await launcher.waitFor();
  const box = await launcher.boundingBox();
  const size = page.viewportSize();
  assert.equal(Math.round(size.width - (box.x + box.width)), 32);
  assert.equal(Math.round(size.height - (box.y + box.height)), 48);
  assert.ok(box.width > 100, 'the label is shown beside the icon');
  await shot(page, 'a11y-06-labelled-launcher');
  await page.close();
});

test("the site's words in the widget's language, else in every language", async () => {
  const page = await browser.newPage();
  await page.goto(`${cluster.siteUrl}/words-es`);
  await page.getByRole('button', { name: '¿Preguntas?, Abrir chat' }).click();
  await page.getByRole('heading', { name: 'Tienda de bicis' }).waitFor();
  await page.getByText('Respondemos en una hora').waitFor();
  await page.close();
  // A fresh context: the panel left open above would stay open on the next page.
  const english = await browser.newPage();
  await english.goto(`${cluster.siteUrl}/words`);
  await english.getByRole('button', { name: 'Questions?, Open chat' }).click();
  await english.getByRole('heading', { name: 'Bike Shop' }).waitFor();
  assert.equal(await english.getByText('Respondemos en una hora').count(), 0);
  await english.close();
});

// What has the focus inside the widget: "BUTTON Wait for live chat …",
// "INPUT[checkbox] ".
const focused = (page) => page.evaluate(() => {
  const element = document.querySelector('#baton-chat').shadowRoot.activeElement;
  if (!element) return '';
  const type = element.getAttribute('type');
  return `${element.tagName}${type === 'checkbox' ? '[checkbox]' : ''} ` +
    (element.getAttribute('aria-label') || element.textContent.trim());
});

// Presses Tab (or Shift+Tab) until the focus is on what `wanted` matches.
async function tabTo(page, wanted, { back = false, most = 20 } = {}) {
  for (let i = 0; i < most; ++i) {
    if (wanted.test(await focused(page))) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`no ${wanted} within ${most} presses; the focus is on ${await focused(page)}`);
}

test('keyboard only through every view: options, a form, back, handoff, and closing', async () => {
  const page = await browser.newPage({ reducedMotion: 'reduce' });
  await page.goto(cluster.siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('#baton-chat').shadowRoot.activeElement?.getAttribute('aria-label') === 'Message');
  await page.keyboard.type('Do you ship to Portugal?');
  await page.keyboard.press('Enter');
  await page.getByRole('log').getByText('We ship to every country').waitFor();

  // Back up to "Talk to a live agent": the options open with the focus on their question.
  await tabTo(page, /^BUTTON Talk to a live agent/, { back: true });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('#baton-chat').shadowRoot.activeElement?.tagName === 'H3');
  assert.match(await focused(page), /How would you like to continue\?/);
  await tabTo(page, /^BUTTON Wait for live chat/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('#baton-chat').shadowRoot.activeElement?.getAttribute('autocomplete') === 'name');
  await page.keyboard.type('Kim');

  // Back from the form: the question again; Back from the options: the composer.
  await tabTo(page, /^BUTTON Back$/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('#baton-chat').shadowRoot.activeElement?.tagName === 'H3');
  await tabTo(page, /^BUTTON Back$/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('#baton-chat').shadowRoot.activeElement?.getAttribute('aria-label') === 'Message');

  // The whole handoff from the keyboard: the name kept, consent with Space, sent with Enter.
  await tabTo(page, /^BUTTON Talk to a live agent/, { back: true });
  await page.keyboard.press('Enter');
  await tabTo(page, /^BUTTON Wait for live chat/);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() =>
    document.querySelector('#baton-chat').shadowRoot.activeElement?.value), 'Kim');  // typed before, kept
  await tabTo(page, /^INPUT\[checkbox\]/);
  await page.keyboard.press('Space');
  await tabTo(page, /^BUTTON Connect me/);
  await page.keyboard.press('Enter');
  await page.getByText(/Waiting for (Ana|Ben)/).waitFor();
  assert.equal(await focused(page), 'TEXTAREA Message');
  await shot(page, 'a11y-07-keyboard-handoff');

  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.className), 'launcher');
  await page.close();
});

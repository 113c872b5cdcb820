// axe-core, the engine most accessibility audits use, on every state of the
// widget: closed, open, answered, the options, each form, the WhatsApp card,
// the ended chat, the booked call, the delete question, right to left and a
// phone, in light and dark. The host page is clean on its own, so whatever axe finds is ours.
// Motion is reduced so that no state is checked halfway through a fade.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Cluster, agents, axeViolations, eventually, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;

const body = '<header><p>Shop</p></header><main><h1>Shop</h1><p>Bikes for the city.</p></main>';

before(async () => {
  cluster = await Cluster.start({
    pages: {
      '/': (c) => ({ html: c.embed({}, { body }) }),
      '/ar': (c) => ({ html: c.embed({ lang: 'ar' }, { body }) }),
      '/dark': (c) => ({ html: c.embed({ theme: 'dark' }, { body }) }),
      '/light': (c) => ({ html: c.embed({ theme: 'light' }, { body }) }),
      '/branded': (c) => ({ html: c.embed({ title: 'Pedal &amp; Co.', logo: '/logo.svg',
        'reply-time': 'Usually replies within an hour' }, { body }) }),
      '/logo.svg': () => ({ html: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#0b7a5c"/></svg>',
        headers: { 'Content-Type': 'image/svg+xml' } }),
    },
    relayFlags: ['--agents', `Ana:${agents.Ana}`],
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

async function clean(page, state) {
  await shot(page, `axe-${state}`);
  assert.deepEqual(await axeViolations(page), [], `axe found problems with the widget ${state}`);
}

test('no violation in any state of the widget', async () => {
  await cluster.whatsappFrom(agents.Ana, 'good morning');  // Ana can be reached at once
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' })).newPage();
  await page.goto(cluster.siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).waitFor();
  await clean(page, '01-closed');

  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('log').getByText('virtual assistant').waitFor();
  await clean(page, '02-open');

  await page.getByRole('textbox', { name: 'Message' }).fill('Do you ship to Portugal?');
  await page.keyboard.press('Enter');
  await page.getByRole('log').getByText('We ship to every country').waitFor();
  await clean(page, '03-answered');

  await page.getByRole('button', { name: 'Talk to a live agent' }).click();
  await page.getByRole('button', { name: /Wait for live chat/ }).waitFor();
  await clean(page, '04-options');

  for (const [option, submit] of [['Wait for live chat', 'Connect me'], ['Schedule a call', 'Book the call']]) {
    await page.getByRole('button', { name: new RegExp(option) }).click();
    await page.getByRole('button', { name: submit }).waitFor();
    if (option === 'Schedule a call') {
      // Tomorrow's times: late in the day (UTC), today may have only one left.
      const day = page.getByRole('combobox', { name: 'Day' });
      await eventually(async () => (await day.locator('option').count()) > 1);
      await day.selectOption({ index: 1 });
      await eventually(async () => (await page.getByRole('combobox', { name: 'Time' }).locator('option').count()) > 2);
    }
    await clean(page, `05-form-${option.toLowerCase().replaceAll(' ', '-')}`);
    await page.getByRole('button', { name: 'Back' }).click();
  }

  await page.getByRole('button', { name: /Continue on WhatsApp/ }).click();
  await page.getByLabel('Name').fill('Rui');
  await page.getByRole('textbox', { name: 'Phone' }).fill('+351 912 345 678');
  await page.getByLabel('I agree to be contacted on WhatsApp').check();
  await page.getByRole('button', { name: 'Send it to my WhatsApp' }).click();
  await page.getByRole('link', { name: 'Open WhatsApp' }).waitFor();
  await clean(page, '06-whatsapp-card');

  await cluster.whatsappFrom(agents.Ana, '/end');
  await page.getByText('This chat has ended.').waitFor();
  await clean(page, '07-ended');

  await page.getByRole('button', { name: 'Delete this conversation' }).click();
  await page.getByRole('button', { name: 'Keep it' }).waitFor();
  await clean(page, '08-delete-question');
  await page.getByRole('button', { name: 'Keep it' }).click();

  await page.getByRole('textbox', { name: 'Message' }).fill('Can I book a call instead?');
  await page.keyboard.press('Enter');
  await page.getByRole('log').getByText(/^New conversation\./).waitFor();
  await page.getByRole('button', { name: 'Talk to a live agent' }).click();
  await page.getByRole('button', { name: /Schedule a call/ }).click();
  const time = page.getByRole('combobox', { name: 'Time' });
  await eventually(async () => (await page.getByRole('combobox', { name: 'Day' }).locator('option').count()) > 1);
  await page.getByRole('combobox', { name: 'Day' }).selectOption({ index: 1 });
  await eventually(async () => (await time.locator('option').count()) > 2);
  await time.selectOption({ index: 2 });
  await page.getByRole('textbox', { name: 'Phone' }).fill('+4915112345678');
  await page.getByLabel('I agree to be called').check();
  await page.getByRole('button', { name: 'Book the call' }).click();
  await page.getByRole('heading', { name: 'Call booked' }).waitFor();
  await clean(page, '09-call-booked');
  await page.getByRole('button', { name: 'Cancel the call' }).click();
  await page.getByRole('button', { name: 'Keep the call' }).waitFor();
  await clean(page, '09b-cancel-question');
  await page.context().close();
});

test('no violation right to left, in Arabic', async () => {
  const page = await browser.newPage({ reducedMotion: 'reduce' });
  await page.goto(`${cluster.siteUrl}/ar`);
  await page.getByRole('button', { name: 'فتح المحادثة' }).click();
  await page.getByRole('textbox', { name: 'رسالة' }).waitFor();
  await page.getByRole('log').locator('li').first().waitFor();
  await clean(page, '10-arabic');
  await page.close();
});

test('no violation on a phone', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true,
    reducedMotion: 'reduce' });
  await page.goto(cluster.siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('log').locator('li').first().waitFor();
  await clean(page, '11-phone');
  await page.close();
});

test('dark: chosen by the site or following the system, and clean in every state', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce',
    colorScheme: 'dark' });
  const page = await context.newPage();
  const surface = () => page.evaluate(() =>
    getComputedStyle(document.querySelector('#baton-chat').shadowRoot.querySelector('.panel')).backgroundColor);
  // The system says dark: dark, unless the site says light.
  await page.goto(`${cluster.siteUrl}/light`);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('log').locator('li').first().waitFor();
  assert.equal(await surface(), 'rgb(255, 255, 255)');
  await page.goto(cluster.siteUrl);
  await page.getByRole('log').locator('li').first().waitFor();  // open on the last page, open here
  assert.equal(await surface(), 'rgb(21, 29, 27)');
  await clean(page, '12-dark-open');
  await page.getByRole('textbox', { name: 'Message' }).fill('How long does delivery take?');
  await page.keyboard.press('Enter');
  await page.getByRole('log').getByText(/working days/).waitFor();
  await clean(page, '13-dark-answered');
  await page.getByRole('button', { name: 'Talk to a live agent' }).click();
  await page.getByRole('button', { name: /Continue on WhatsApp/ }).waitFor();
  await clean(page, '14-dark-options');
  await page.getByRole('button', { name: /Schedule a call/ }).click();
  await page.getByRole('button', { name: 'Book the call' }).click();  // empty: every error shows
  await page.getByText('A phone number is needed for this option.').waitFor();
  await clean(page, '15-dark-form-errors');
  await context.close();
  // The site says dark on a light system: dark.
  const light = await browser.newPage({ colorScheme: 'light', reducedMotion: 'reduce' });
  await light.goto(`${cluster.siteUrl}/dark`);
  await light.getByRole('button', { name: 'Open chat' }).click();
  await light.getByRole('log').locator('li').first().waitFor();
  assert.equal(await light.evaluate(() =>
    getComputedStyle(document.querySelector('#baton-chat').shadowRoot.querySelector('.panel')).backgroundColor),
  'rgb(21, 29, 27)');
  await light.close();
});

test("a branded header: the site's title, logo and reply time, and still clean", async () => {
  const page = await browser.newPage({ reducedMotion: 'reduce' });
  await page.goto(`${cluster.siteUrl}/branded`);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('dialog', { name: 'Pedal & Co.' }).waitFor();
  await page.getByRole('heading', { name: 'Pedal & Co.' }).waitFor();
  await page.getByText('Usually replies within an hour').waitFor();
  const logo = page.locator('#baton-chat img.logo');
  assert.equal(await logo.getAttribute('src'), `${cluster.siteUrl}/logo.svg`);
  await page.waitForFunction(() => document.querySelector('#baton-chat').shadowRoot.querySelector('img.logo').complete);
  await clean(page, '16-branded');
  await page.close();
});

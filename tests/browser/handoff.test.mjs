// "Continue on WhatsApp" and "Schedule a call" in a real browser, against the
// real relay, wa-sim and an SMTP server: the QR code is read back from a
// screenshot (zbarimg), the visitor's WhatsApp joins the chat, a call is
// booked from the offered times, confirmed by e-mail with its .ics, and
// cancelled from the widget.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { agents, artifacts, Cluster, eventually, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;
const visitorPhone = '+351912345678';

before(async () => {
  cluster = await Cluster.start({ mail: true, pages: { '/': (c) => ({ html: c.embed({}, { title: 'Bikes' }) }) } });
  browser = await launchBrowser();
  await cluster.whatsappFrom(agents.Ana, '/online');
  await cluster.whatsappFrom(agents.Ben, '/away');
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

const bodies = async (phone) => (await cluster.sentTo(phone)).map((m) => m.body);

async function openChat(page, question) {
  await page.goto(cluster.siteUrl + '/');
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill(question);
  await page.keyboard.press('Enter');
  await page.getByRole('log').getByText(question).waitFor();
  await page.getByRole('button', { name: 'Talk to a live agent' }).click();
}

test('continue on WhatsApp: link and QR code, the visitor writes from WhatsApp, one conversation', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await openChat(page, 'Can I change my delivery address?');
  await page.getByRole('button', { name: 'Continue on WhatsApp' }).click();
  await page.getByLabel('Name').fill('Rui');
  await page.getByRole('textbox', { name: 'Phone' }).fill('+351 912 345 678');
  await page.getByLabel('I agree to be contacted on WhatsApp').check();
  await page.getByRole('button', { name: 'Send it to my WhatsApp' }).click();

  await page.getByText('We sent a WhatsApp message to +351912345678. Reply to it, or open WhatsApp here:').waitFor();
  const link = page.getByRole('link', { name: 'Open WhatsApp' });
  const href = await link.getAttribute('href');
  assert.match(href, /^https:\/\/wa\.me\/15550001234\?text=Chat%20%23[A-Z0-9]{6}$/);
  const code = decodeURIComponent(href.split('%23')[1]);
  await shot(page, 'whatsapp-01-card');

  // The QR code on screen is the same link.
  const qrPng = join(artifacts, 'whatsapp-qr.png');
  await page.getByRole('img', { name: /Scan this code/ }).screenshot({ path: qrPng });
  const decoded = execFileSync('zbarimg', ['--quiet', '--raw', qrPng], { encoding: 'utf8' }).trim();
  assert.equal(decoded, href);

  // On a phone the link is the way (the QR code would point at the phone itself).
  await page.setViewportSize({ width: 390, height: 800 });
  await page.getByRole('img', { name: /Scan this code/ }).waitFor({ state: 'hidden' });
  await shot(page, 'whatsapp-01b-card-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  const template = await eventually(async () => (await cluster.sentTo(visitorPhone)).find((m) => m.type === 'template'));
  assert.match(template.body, new RegExp(`#${code}`));

  // The visitor writes from WhatsApp with the code the link typed: it joins.
  await cluster.whatsappFrom(visitorPhone, `Chat #${code} hi, it's me on my phone`);
  await page.getByRole('log').getByText("hi, it's me on my phone").waitFor();
  await page.getByText("You're connected on WhatsApp").waitFor();
  await eventually(async () => (await bodies(agents.Ana)).some((b) => b.includes("hi, it's me on my phone")));

  // Ana answers once: the widget and the visitor's WhatsApp both have it.
  await cluster.whatsappFrom(agents.Ana, `#${code} Hi Rui, yes: send me the new address.`);
  await page.getByRole('log').getByText('send me the new address').waitFor();
  await eventually(async () => (await bodies(visitorPhone)).some((b) => b === '*Ana*: Hi Rui, yes: send me the new address.'));
  // What the visitor types in the widget reaches their WhatsApp thread too.
  await page.getByRole('textbox', { name: 'Message' }).fill('Rua Augusta 12, Lisboa');
  await page.keyboard.press('Enter');
  await eventually(async () => (await bodies(visitorPhone)).some((b) => b === '(website) Rua Augusta 12, Lisboa'));
  await eventually(async () => (await bodies(agents.Ana)).some((b) => b.includes('Rua Augusta 12, Lisboa')));
  await shot(page, 'whatsapp-02-joined');
  const toVisitor = await bodies(visitorPhone);
  assert.equal(toVisitor.filter((b) => b.includes('send me the new address')).length, 1);
});

test('schedule a call: pick a free time, get the .ics, cancel it', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/New_York' })).newPage();
  await openChat(page, 'I would like advice on a cargo bike');
  await page.getByRole('button', { name: 'Schedule a call' }).click();
  // The day first (tomorrow has a whole day of times), then its times.
  const day = page.getByRole('combobox', { name: 'Day' });
  const time = page.getByRole('combobox', { name: 'Time' });
  await eventually(async () => (await day.locator('option').count()) > 1);
  await day.selectOption({ index: 1 });
  await eventually(async () => (await time.locator('option').count()) > 2);
  const options = await time.locator('option').evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })));
  assert.equal(options[0].value, '');
  // Labels are in the visitor's zone: the relay's UTC start reads differently in New York.
  const chosen = options[2];
  const inNewYork = (options) => new Intl.DateTimeFormat('en', { timeZone: 'America/New_York', ...options })
    .format(new Date(chosen.value));
  assert.equal(chosen.label, inNewYork({ hour: '2-digit', minute: '2-digit' }));
  assert.equal(await day.inputValue(), inNewYork({ weekday: 'short', day: 'numeric', month: 'short' }));
  const expected = inNewYork({ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  await time.selectOption(chosen.value);
  await page.getByLabel('Name').fill('Lena');
  await page.getByRole('textbox', { name: 'Phone' }).fill('+4915112345678');
  await page.getByRole('textbox', { name: 'E-mail' }).fill('lena@example.com');
  await page.getByLabel('I agree to be called').check();
  await shot(page, 'call-01-form');
  await page.getByRole('button', { name: 'Book the call' }).click();

  await page.getByRole('heading', { name: 'Call booked' }).waitFor();
  await page.getByText(`We will call +4915112345678 on ${expected}`).waitFor();
  const calendar = await page.getByRole('link', { name: 'Add to calendar' }).getAttribute('href');
  const ics = decodeURIComponent(calendar.replace(/^data:text\/calendar;charset=utf-8,/, ''));
  assert.match(ics, /BEGIN:VEVENT/);
  const utc = chosen.value.replace(/[-:]/g, '').replace(/\.000Z$/, 'Z');
  assert.match(ics, new RegExp(`DTSTART:${utc}`));
  // The relay's notice names the time in its own words; the widget says it as the card does (Intl).
  await page.getByRole('log').getByText(`will call +4915112345678 on ${expected}–`).waitFor();
  await shot(page, 'call-02-booked');

  // The agent has it on WhatsApp; the visitor has a template and an e-mail with the .ics.
  await eventually(async () => (await bodies(agents.Ana)).some((b) => b.includes('Call booked')));
  await eventually(async () => (await cluster.sentTo('+4915112345678')).some((m) => m.type === 'template'));
  const mail = await eventually(() => cluster.receivedMail().find((m) => /^To: lena@example\.com/m.test(m)), 20000);
  assert.match(mail, /Content-Type: multipart\/mixed/);
  assert.match(mail, /filename="call\.ics"/);

  await page.getByRole('button', { name: 'Cancel the call' }).click();
  await page.getByText(`Cancel the call on ${expected}`).waitFor();
  await shot(page, 'call-02b-cancel-question');
  await page.getByRole('button', { name: 'Yes, cancel it' }).click();
  await page.getByRole('log').getByText(`You cancelled the call on ${expected}–`).waitFor();
  await page.getByRole('heading', { name: 'Call booked' }).waitFor({ state: 'hidden' });
  await eventually(async () => (await bodies(agents.Ana)).some((b) => b.includes('Call cancelled by the visitor')));
  await shot(page, 'call-03-cancelled');
});

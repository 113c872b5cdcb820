// Attachments in the widget (docs/attachments.md): once a person has the
// chat, a picture chosen with the attach button, a PDF dropped on the chat
// and a picture pasted, each checked in the browser first, uploaded with the
// chat's token and shown in the log from an object URL; a refused file is
// said at once and never leaves the browser; a failed upload keeps the file
// for another try; the agent's picture and voice note from WhatsApp show too,
// the agent's edits and deletions change the log in place, and a shared
// contact is a card, a place a link to a map.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import { Cluster, agents, artifacts, axeViolations, eventually, launchBrowser, shot } from './harness.mjs';

// A real PNG: a gradient with a box drawn on it, `width` × `height`.
function png(width, height) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);  // 8-bit RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const inBox = x > width / 4 && x < (3 * width) / 4 && y > height / 3 && y < (5 * height) / 6;
      const pixel = inBox ? [196, 140, 74] : [60 + (140 * y) / height, 150, 200 - (100 * x) / width];
      row.set(pixel.map(Math.round), 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

// A minimal one-page PDF that readers open, with its cross-reference table.
function pdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = 'BT /F1 18 Tf 24 72 Td (Terms of sale) Tj ET';
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let text = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = text.length;
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) text += `${String(at).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

const picture = png(240, 160);
const terms = pdf();
const gif = Buffer.from('474946383961010001000000002c00000000010001000002024401003b', 'hex');
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126)]);
const refusal = "This file can't be sent. You can send JPEG or PNG pictures";

let cluster;
let browser;
let context;
let page;
let phone;  // the agent's, once one has the chat
const uploads = [];  // what the page sent to the attachments route
const answers = [];  // and what came back

before(async () => {
  const body = '<header><p>Shop</p></header><main><h1>Shop</h1><p>Boxes and shelves.</p></main>';
  cluster = await Cluster.start({ pages: { '/': (c) => ({ html: c.embed({}, { body }) }) } });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 820 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/attachments')) {
      uploads.push({ url: request.url(), headers: request.headers() });
    }
  });
  // What each upload got back, for a failure to show.
  page.on('requestfinished', async (request) => {
    if (request.method() !== 'POST' || !request.url().includes('/attachments')) return;
    const response = await request.response();
    answers.push(`${response?.status()} ${(await response?.text().catch(() => '')) || ''}`.slice(0, 200));
  });
  page.on('requestfailed', (request) => {
    if (request.url().includes('/attachments')) answers.push(`failed: ${request.failure()?.errorText}`);
  });
  await page.goto(cluster.siteUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await log().getByText('virtual assistant').waitFor();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

const log = () => page.getByRole('log');
const attachButton = () => page.getByRole('button', { name: 'Attach a file' });
const composerError = () => page.getByRole('alert').filter({ hasText: /\S/ });
const token = () => page.evaluate(() => JSON.parse(localStorage.getItem('baton.session')).token);

async function attach(name, mimeType, buffer) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    attachButton().click(),
  ]);
  await chooser.setFiles({ name, mimeType, buffer });
}

// A file handed to the panel as the browser would: dropped on it, or pasted.
async function handOver(how, name, type, buffer) {
  await page.evaluate(([how, name, type, bytes]) => {
    const shadow = document.getElementById('baton-chat').shadowRoot;
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
    if (how === 'paste') {
      shadow.querySelector('textarea').dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true, composed: true }));
      return;
    }
    const panel = shadow.querySelector('[role="dialog"]');
    panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, [how, name, type, [...buffer]]);
}

test('files are for a person: the paperclip shows once an agent has the chat', async () => {
  assert.equal(await attachButton().count(), 0);
  await page.getByRole('button', { name: 'Talk to a live agent' }).click();
  await page.getByRole('button', { name: 'Wait for live chat' }).click();
  await page.getByLabel('Name').fill('Marta Silva');
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Connect me' }).click();
  const waiting = page.getByText(/Waiting for (Ana|Ben)/);
  await waiting.waitFor();
  phone = (await waiting.textContent()).includes('Ana') ? agents.Ana : agents.Ben;
  await attachButton().waitFor();
});

test('the attach button takes a picture: a preview, the caption, then the picture in the log', async () => {
  await attach('box.png', 'image/png', picture);
  const remove = page.getByRole('button', { name: 'Remove the file' });
  await remove.waitFor();
  // The preview is the file itself, shown from the browser's memory.
  assert.match(await page.getByRole('img', { name: 'box.png' }).getAttribute('src'), /^blob:/);
  await page.getByRole('textbox', { name: 'Message' }).fill('The box arrived like this, one corner crushed');
  await page.keyboard.press('Enter');

  const enlarge = log().getByRole('button', { name: 'Enlarge box.png' });
  await enlarge.waitFor();
  await remove.waitFor({ state: 'hidden' });
  assert.equal(await page.getByRole('textbox', { name: 'Message' }).inputValue(), '');
  assert.match(await enlarge.locator('img').getAttribute('src'), /^blob:/);
  await log().getByText('The box arrived like this, one corner crushed').waitFor();
  await log().getByRole('img', { name: 'Sent' }).waitFor();

  // The bytes went with the token in a header, the name percent-encoded.
  assert.equal(uploads.length, 1);
  assert.equal(uploads[0].headers.authorization, `Bearer ${await token()}`);
  assert.equal(uploads[0].headers['x-file-name'], 'box.png');
  assert.ok(!uploads[0].url.includes(await token()));
  await shot(page, 'attachments-01-picture');
});

test('a PDF dropped on the chat is a card with its name, its size and a download link', async () => {
  await handOver('drop', 'terms of sale.pdf', 'application/pdf', terms);
  await page.getByRole('button', { name: 'Remove the file' }).waitFor();
  await page.getByRole('button', { name: 'Send' }).click();
  const card = log().locator('li', { hasText: 'terms of sale.pdf' });
  await card.waitFor();
  await card.getByText(`${terms.length} bytes`, { exact: true }).waitFor();
  assert.equal(uploads.at(-1).headers['x-file-name'], 'terms%20of%20sale.pdf');
  const link = card.getByRole('link', { name: 'Download terms of sale.pdf' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'terms of sale.pdf');
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  assert.deepEqual(readFileSync(path), terms);
  await shot(page, 'attachments-02-pdf');
  // The chat as docs/widget.md shows it (docs/images/widget-attachments.png).
  await page.getByRole('textbox', { name: 'Message' }).click();
  await page.getByRole('dialog', { name: 'Chat with us' }).screenshot({ path: `${artifacts}/widget-attachments.png` });
});

test('a picture pasted into the text box is attached too', async () => {
  await handOver('paste', 'image.png', 'image/png', png(64, 48));
  await page.getByRole('img', { name: 'image.png' }).waitFor();
  await page.getByRole('button', { name: 'Remove the file' }).click();
  await page.getByRole('img', { name: 'image.png' }).waitFor({ state: 'hidden' });
  assert.equal(await page.getByRole('button', { name: 'Remove the file' }).count(), 0);
});

test('a picture opens larger, keeps Tab inside, and Escape closes it with the focus back on the picture', async () => {
  const enlarge = log().getByRole('button', { name: 'Enlarge box.png' });
  await enlarge.click();
  const viewer = page.getByRole('dialog', { name: 'box.png' });
  await viewer.waitFor();
  assert.match(await viewer.locator('img').getAttribute('src'), /^blob:/);
  await shot(page, 'attachments-03-enlarged');
  // A modal dialog: Tab and Shift+Tab stay on its one control.
  const focused = () => page.evaluate(() =>
    document.getElementById('baton-chat').shadowRoot.activeElement?.getAttribute('aria-label'));
  for (const key of ['Tab', 'Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    assert.equal(await focused(), 'Close the picture', `after ${key}`);
  }
  await page.keyboard.press('Escape');
  await viewer.waitFor({ state: 'hidden' });
  // Escape closed the picture, not the chat.
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  assert.equal(await focused(), 'Enlarge box.png');
});

test('a type WhatsApp does not take, or a file too large, is refused before it leaves the browser', async () => {
  const before = uploads.length;
  await attach('dance.gif', 'image/gif', gif);
  await composerError().getByText(refusal).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Remove the file' }).count(), 0);
  await attach('setup.exe', 'application/octet-stream', exe);
  await composerError().getByText(refusal).waitFor();
  // A name does not make a file what it says.
  await attach('photo.png', 'image/png', exe);
  await composerError().getByText(refusal).waitFor();
  // Pictures: WhatsApp's 5 MB.
  const large = Buffer.concat([picture, Buffer.alloc(5 * 1024 * 1024)]);
  await attach('large.png', 'image/png', large);
  await composerError().getByText('This file is too large to send: the limit for it is 5 MB.').waitFor();
  await shot(page, 'attachments-04-refused');
  // A file that is taken clears the sentence.
  await attach('box.png', 'image/png', picture);
  await page.getByRole('button', { name: 'Remove the file' }).waitFor();
  assert.equal(await composerError().count(), 0);
  await page.getByRole('button', { name: 'Remove the file' }).click();
  assert.equal(uploads.length, before);
});

test('an upload the relay refuses says why and keeps the file for another try', async () => {
  const caption = 'Another one, <b onmouseover="window.__xss=1">bigger</b>';
  await page.route(/\/attachments$/, (route) => route.fulfill({
    status: 413,
    headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': cluster.siteUrl },
    body: JSON.stringify({ error: { code: 'attachment_quota', message: 'This chat has already sent 50 MB of files.' } }),
  }));
  // The same picture padded to 600 KB, so the progress shows.
  await attach('second box.png', 'image/png', Buffer.concat([picture, Buffer.alloc(600 * 1024)]));
  await page.getByRole('textbox', { name: 'Message' }).fill(caption);
  await page.keyboard.press('Enter');
  await composerError().getByText('This chat has already sent 50 MB of files.').waitFor();
  await page.getByRole('button', { name: 'Remove the file' }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Message' }).inputValue(), caption);
  await page.unroute(/\/attachments$/);
  // Slowly, to watch the progress.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions',
    { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 200 * 1024 });
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('progressbar', { name: 'Sending the file…' }).waitFor();
  await log().getByRole('button', { name: 'Enlarge second box.png' }).waitFor({ timeout: 30000 });
  await cdp.send('Network.emulateNetworkConditions',
    { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  // The caption under it, as text.
  await log().getByText(caption).waitFor();
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await log().locator('b').count(), 0);
  assert.equal(await composerError().count(), 0);
});

test("the agent's picture and voice note from WhatsApp show in the chat", async () => {
  const template = await eventually(async () => (await cluster.sentTo(phone)).find((m) => m.type === 'template'));
  await cluster.whatsappFrom(phone, 'ok', template.id);
  const handoff = await eventually(async () => (await cluster.sentTo(phone)).find((m) => m.body?.includes('New chat #')));
  await cluster.whatsappFrom(phone, 'Hi Marta, thanks for the pictures.', handoff.id);
  await log().getByText('Hi Marta, thanks for the pictures.').waitFor();
  await cluster.sim_('POST', '/sim/inbound', {
    from: phone, type: 'image', reply_to: handoff.id, text: 'Ours looks like this',
    media: { data: png(120, 90).toString('base64'), filename: 'shelf.png' },
  });
  // WhatsApp sends pictures without a name: the relay gives one.
  const shelf = log().getByRole('button', { name: 'Enlarge photo.png' });
  await shelf.waitFor();
  await eventually(async () => /^blob:/.test(await shelf.locator('img').getAttribute('src') || ''));
  await log().getByText('Ours looks like this').waitFor();
  // A voice note: WhatsApp's sample, played in the widget.
  await cluster.sim_('POST', '/sim/inbound', { from: phone, type: 'audio', reply_to: handoff.id });
  const voice = log().locator('audio');
  await voice.waitFor();
  await eventually(async () => /^blob:/.test(await voice.getAttribute('src') || ''));
  assert.equal(await voice.getAttribute('controls'), '');
  await shot(page, 'attachments-06-from-agent');
});

test("the agent's edit changes the line in place, and a deleted picture leaves only a mark", async () => {
  const handoff = await eventually(async () => (await cluster.sentTo(phone)).find((m) => m.body?.includes('New chat #')));
  const said = await cluster.whatsappFrom(phone, 'Your shelf ships on Monday.', handoff.id);
  await log().getByText('Your shelf ships on Monday.').waitFor();
  await cluster.sim_('POST', '/sim/inbound', { from: phone, type: 'edit', original: said.id, text: 'Your shelf ships on Tuesday.' });
  const edited = log().locator('li', { hasText: 'Your shelf ships on Tuesday.' });
  await edited.waitFor();
  await edited.getByText('edited', { exact: true }).waitFor();
  assert.equal(await log().getByText('Your shelf ships on Monday.').count(), 0);
  // The picture the agent sent before goes, caption and all.
  const sent = await cluster.sim_('GET', `/sim/conversations?with=${encodeURIComponent(phone)}`);
  const photo = sent.messages.find((m) => m.direction === 'user' && m.body === 'Ours looks like this');
  assert.ok(photo, 'the picture message is in the phone\'s record');
  await cluster.sim_('POST', '/sim/inbound', { from: phone, type: 'revoke', original: photo.id });
  await log().getByText('This message was deleted.').waitFor();
  assert.equal(await log().getByText('Ours looks like this').count(), 0);
  assert.equal(await log().getByRole('button', { name: 'Enlarge photo.png' }).count(), 0);
  await shot(page, 'attachments-07-edited-and-deleted');
});

test("the agent's shared contact is a card with a number to call, and a place is a link to a map", async () => {
  const handoff = await eventually(async () => (await cluster.sentTo(phone)).find((m) => m.body?.includes('New chat #')));
  await cluster.sim_('POST', '/sim/inbound', {
    from: phone, type: 'contacts', reply_to: handoff.id, contact_name: 'Workshop Lisbon', contact_phone: '+351 21 000 1234',
  });
  const call = log().getByRole('link', { name: '+351210001234' });
  await call.waitFor();
  assert.equal(await call.getAttribute('href'), 'tel:+351210001234');
  await log().getByText('Shared contact', { exact: true }).waitFor();
  await log().getByText('Workshop Lisbon', { exact: true }).waitFor();
  await cluster.sim_('POST', '/sim/inbound', {
    from: phone, type: 'location', reply_to: handoff.id, latitude: 38.7223, longitude: -9.1393, location_name: 'Our workshop',
  });
  await log().getByText('Our workshop', { exact: true }).waitFor();
  const map = log().getByRole('link', { name: 'Open the map' });
  await map.waitFor();
  assert.match(await map.getAttribute('href'), /^https:\/\/www\.openstreetmap\.org\/\?mlat=38\.7223/);
  await shot(page, 'attachments-08-contact-and-place');
});

test('the relay keeps each file with its message, and the token is in no attribute', async () => {
  // The page's own chat, whatever else the relay has.
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('baton.session')).id);
  const detail = await eventually(async () => {
    const d = await cluster.admin(`/v1/admin/sessions/${id}`);
    return d.log.filter((e) => e.attachment && e.author === 'visitor').length >= 3 ? d : null;
  }).catch((error) => {
    throw new Error(`${error.message}\nthe uploads' answers: ${JSON.stringify(answers)}`);
  });
  const files = detail.log.filter((e) => e.attachment && e.author === 'visitor')
    .map((e) => [e.attachment.kind, e.attachment.name, e.text]);
  assert.deepEqual(files, [
    ['image', 'box.png', 'The box arrived like this, one corner crushed'],
    ['document', 'terms of sale.pdf', ''],
    ['image', 'second box.png', 'Another one, <b onmouseover="window.__xss=1">bigger</b>'],
  ]);
  const secret = await token();
  const leaks = await page.evaluate((t) => {
    const found = [];
    const walk = (root) => {
      for (const element of root.querySelectorAll('*')) {
        for (const attribute of element.attributes) if (attribute.value.includes(t)) found.push(attribute.name);
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(document);
    return found;
  }, secret);
  assert.deepEqual(leaks, []);
  // Pictures, players, cards and the paperclip pass axe-core as the rest does.
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'attachments-05-chat');
});

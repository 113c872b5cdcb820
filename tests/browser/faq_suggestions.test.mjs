// The FAQ assistant, unsure, in a real browser: it suggests the closest
// questions as a numbered list, shown line by line as text, and the number
// the visitor sends gets that entry's answer. In an Arabic widget each line
// of the English FAQ still reads left to right.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Cluster, launchBrowser, shot } from './harness.mjs';

let cluster;
let browser;

before(async () => {
  // A car rental's FAQ (tests/fixtures/faq): no model, the FAQ answers alone.
  cluster = await Cluster.start({
    faq: 'tests/fixtures/faq/autovia.en.md',
    pages: {
      '/': (c) => ({ html: c.embed({}, { title: 'Autovia' }) }),
      '/ar': (c) => ({ html: c.embed({ lang: 'ar' }, { title: 'Autovia' }) }),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await cluster?.stop();
});

async function openWidget(path, openLabel) {
  const context = await browser.newContext({ viewport: { width: 390, height: 760 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(cluster.siteUrl + path);
  await page.getByRole('button', { name: openLabel }).click();
  const box = page.getByRole('textbox').first();
  const say = async (text) => {
    await box.fill(text);
    await page.keyboard.press('Enter');
  };
  return { context, page, errors, say, log: page.getByRole('log') };
}

// Where on screen the first character of `text` is drawn, in the message `entry`.
async function leftOf(entry, text) {
  return entry.locator('.text').evaluate((p, wanted) => {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      return range.getBoundingClientRect().left;
    }
    return null;
  }, text);
}

test('an unsure answer suggests the closest questions, and a number picks one', async () => {
  const { context, page, errors, say, log } = await openWidget('/', 'Open chat');

  await say('what do i need to bring to pick up the car');
  const suggestion = log.locator('li').filter({ hasText: 'Did you mean one of these?' });
  await suggestion.waitFor();
  // One line per question: the list is text, laid out as it was written.
  const shown = await suggestion.innerText();
  assert.match(shown, /\n1\. What documents do I need\?\n/);
  assert.match(shown, /Reply with its number/);
  assert.equal(await suggestion.locator('a, button').count(), 0);
  await shot(page, 'faq-suggestions-01-suggested');

  await say('1');
  await log.locator('li').filter({ hasText: 'A driving licence you' }).waitFor();
  // An answer, not a second miss: the options to reach a person stay closed.
  assert.equal(await page.getByRole('button', { name: 'Wait for live chat' }).count(), 0);
  await shot(page, 'faq-suggestions-02-picked');
  assert.deepEqual(errors, []);
  await context.close();
});

test('in an Arabic widget, the English questions suggested and their answer read left to right', async () => {
  const { context, page, errors, say, log } = await openWidget('/ar', 'فتح المحادثة');
  await say('ممكن أرجع السيارة في فرع ثاني؟');
  const suggestion = log.locator('li').filter({ hasText: 'هل تقصد أحد هذه الأسئلة؟' });
  await suggestion.waitFor();
  // "1. Can I return…": the number before the question, as in English.
  const number = await leftOf(suggestion, '1. Can I return');
  const words = await leftOf(suggestion, 'Can I return');
  assert.ok(number !== null && words !== null && number < words, `"1." drawn at ${number}, "Can" at ${words}`);
  await shot(page, 'faq-suggestions-03-arabic');

  await say('1');
  const answer = log.locator('li').filter({ hasText: 'one-way rental' });
  await answer.waitFor();
  // The answer's sentences keep their full stop at their end (on the right).
  const stop = await leftOf(answer, '. A one-way');
  const sentence = await leftOf(answer, 'Yes, to any');
  assert.ok(stop !== null && sentence !== null && stop > sentence, `"." at ${stop}, "Yes" at ${sentence}`);
  await shot(page, 'faq-suggestions-04-arabic-answer');
  assert.deepEqual(errors, []);
  await context.close();
});

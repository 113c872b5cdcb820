// Starts what a browser test needs, as real processes on loopback: wa-sim
// (TLS, with a test CA), the relay (serving the built widget), and a small
// site on another origin (localhost vs 127.0.0.1) that embeds the widget with
// one script tag; with `model`, llm-sim as the assistant's language model.
// Also launches Debian's Chromium through playwright-core.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const source = resolve(import.meta.dirname, '../..');
const build = process.env.BATON_BUILD_DIR || join(source, 'build');
export const artifacts = process.env.BATON_ARTIFACTS_DIR || join(build, 'test-artifacts', 'browser');
mkdirSync(artifacts, { recursive: true });

export const agents = { Ana: '+15551230001', Ben: '+15551230002' };
const appSecret = 'browser-test-secret';

function freePort() {
  return new Promise((done, fail) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

// Collects a child's stdout from the start, so no line is missed, and its
// log (stderr) when piped: the last 500 lines, for stop() to show.
function watch(child) {
  child.output = '';
  child.stdout.on('data', (chunk) => { child.output += chunk; });
  child.log = [];
  child.stderr?.on('data', (chunk) => {
    child.log.push(...String(chunk).split('\n').filter(Boolean));
    if (child.log.length > 500) child.log.splice(0, child.log.length - 500);
  });
  return child;
}

// Resolves with the first stdout line starting with `prefix`.
async function lineFrom(child, prefix, name) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const line = child.output.split('\n').find((l) => l.startsWith(prefix));
    if (line) return line;
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${name} printed no "${prefix}" line`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

const portOf = (line) => Number(line.slice(line.lastIndexOf(':') + 1));

export class Cluster {
  // `relayFlags` come last and win (a test of a limit sets its own); a
  // function of the cluster when they name its addresses.
  static async start({ pages = {}, model = false, mail = false, faq = 'web/demo/faq.md', relayFlags = [] } = {}) {
    const cluster = new Cluster();
    await cluster.#start(pages, model, mail, faq, relayFlags);
    return cluster;
  }

  async #start(pages, model, mail, faq, relayFlags) {
    this.dir = mkdtempSync(join(tmpdir(), 'baton-browser-'));
    const certs = join(this.dir, 'certs');
    execFileSync(join(source, 'tools/make-certs'), [certs]);
    this.relayPort = await freePort();
    this.sitePort = await freePort();
    this.relayUrl = `http://127.0.0.1:${this.relayPort}`;
    this.siteUrl = `http://localhost:${this.sitePort}`;

    this.sim = watch(spawn(join(build, 'bin/wa-sim'), [
      '--listen', '127.0.0.1:0', '--control-listen', '127.0.0.1:0',
      '--webhook-url', `${this.relayUrl}/webhooks/whatsapp`, '--app-secret', appSecret,
      '--tls-cert', join(certs, 'server.pem'), '--tls-key', join(certs, 'server.key'),
      '--webhook-retry-ms', '200', '--status-delay-ms', '10',
      '--users', Object.entries(agents).map(([name, phone]) => `${name}:${phone}`).join(','),
    ], { stdio: ['ignore', 'pipe', 'ignore'] }));
    const simPort = portOf(await lineFrom(this.sim, 'listening on', 'wa-sim'));
    this.simUrl = `http://127.0.0.1:${portOf(await lineFrom(this.sim, 'control on', 'wa-sim'))}`;

    const assistantFlags = ['--faq', join(source, faq)];
    if (model) {
      this.llm = watch(spawn(join(build, 'bin/llm-sim'), ['--listen', '127.0.0.1:0', '--model', 'sim-model'],
        { stdio: ['ignore', 'pipe', 'ignore'] }));
      this.llmUrl = `http://127.0.0.1:${portOf(await lineFrom(this.llm, 'listening on', 'llm-sim'))}`;
      assistantFlags.push('--llm-url', `${this.llmUrl}/v1`, '--llm-model', 'sim-model');
    }

    if (mail) {
      // Debian's aiosmtpd, STARTTLS required, keeping what it receives.
      this.maildir = join(this.dir, 'maildir');
      const smtpPort = await freePort();
      this.smtp = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${smtpPort}`,
        '--tlscert', join(certs, 'server.pem'), '--tlskey', join(certs, 'server.key'),
        '-c', 'aiosmtpd.handlers.Mailbox', this.maildir], { stdio: 'ignore' });
      assistantFlags.push('--smtp-url', `smtp://127.0.0.1:${smtpPort}`, '--smtp-from', 'support@pedal.example',
        '--support-email', 'team@pedal.example', '--smtp-ca', join(certs, 'ca.pem'));
    }

    this.relay = watch(spawn(join(build, 'bin/relay'), [
      '--listen', `127.0.0.1:${this.relayPort}`, '--data', join(this.dir, 'data'),
      '--web-root', join(build, 'web'),
      '--graph-url', `https://127.0.0.1:${simPort}/v23.0`, '--graph-ca', join(certs, 'ca.pem'),
      '--phone-number-id', '100000000000001', '--access-token', 'sim-access-token',
      '--business-number', '15550001234', '--app-secret', appSecret, '--verify-token', 'v',
      '--admin-token', 'browser-admin-token-of-32-characters',
      '--agents', Object.entries(agents).map(([name, phone]) => `${name}:${phone}`).join(','),
      '--allowed-origins', this.siteUrl, '--graph-timeout-ms', '2000', '--in-doubt-grace-ms', '1500',
      '--simulator-url', this.simUrl, ...assistantFlags,
      ...(typeof relayFlags === 'function' ? relayFlags(this) : relayFlags),
    ], { stdio: ['ignore', 'pipe', 'pipe'] }));
    await lineFrom(this.relay, 'listening on', 'relay');

    this.site = createServer((request, response) => {
      const url = new URL(request.url, this.siteUrl);
      const page = pages[url.pathname] || pages['/'];
      if (!page) {
        response.writeHead(404).end();
        return;
      }
      const { html, headers = {} } = page(this);
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...headers }).end(html);
    });
    await new Promise((done) => this.site.listen(this.sitePort, '127.0.0.1', done));
  }

  // A plain page embedding the widget with the given data-* attributes.
  embed(attributes = {}, { title = 'Shop', body = '<h1>Shop</h1>' } = {}) {
    const extra = Object.entries(attributes).map(([k, v]) => ` data-${k}="${v}"`).join('');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      `<link rel="icon" href="data:,"></head><body>${body}` +
      `<script src="${this.relayUrl}/widget.js" async${extra}></script></body></html>`;
  }

  async sim_(method, path, body) {
    const response = await fetch(this.simUrl + path, {
      method, headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
    });
    return response.json();
  }

  // How llm-sim answers the next call (docs/llm-sim.md).
  async scriptModel(behaviour) {
    await fetch(this.llmUrl + '/sim/script', { method: 'POST', body: JSON.stringify(behaviour) });
  }

  // Raw messages the SMTP server received.
  receivedMail() {
    const folder = join(this.maildir, 'new');
    try {
      return readdirSync(folder).map((name) => readFileSync(join(folder, name), 'utf8'));
    } catch {
      return [];
    }
  }

  sentTo(phone) { return this.sim_('GET', `/sim/messages?to=${encodeURIComponent(phone)}`); }
  whatsappFrom(phone, text, replyTo) { return this.sim_('POST', '/sim/inbound', { from: phone, text, reply_to: replyTo }); }

  async admin(path) {
    const response = await fetch(this.relayUrl + path, { headers: { Authorization: 'Bearer browser-admin-token-of-32-characters' } });
    return response.json();
  }

  // The one session's log, as the relay stored it.
  async storedTexts() {
    const { sessions } = await this.admin('/v1/admin/sessions');
    if (!sessions.length) return [];
    const detail = await this.admin(`/v1/admin/sessions/${sessions[0].session_id}`);
    return detail.log.filter((entry) => entry.entry === 'message').map((entry) => entry.text);
  }

  async stop() {
    // The end of the relay's log (node prints it as TAP comments): a test
    // that failed in CI has only its printed output to say why.
    const end = (this.relay?.log || []).slice(-25);
    if (end.length > 0) console.log(['the end of the relay\'s log:', ...end].join('\n'));
    this.site?.close();
    this.relay?.kill('SIGKILL');
    this.sim?.kill('SIGKILL');
    this.llm?.kill('SIGKILL');
    this.smtp?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // SwiftShader gives WebGL2 without a GPU (the console draws with it).
    args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Polls until `check` returns something truthy.
export async function eventually(check, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time: ' + check.toString());
    await new Promise((done) => setTimeout(done, 100));
  }
}

export const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`) });

// axe-core's violations on the page as it is now (open shadow roots
// included), as "rule (impact): element, element" lines; [] when clean.
const axeSource = readFileSync(join(import.meta.dirname, 'node_modules/axe-core/axe.min.js'), 'utf8');
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`);
  });
}
export { readFileSync };

// Shared by the browser tests: start the real `dueregard` binary on a fresh SQLite database and
// a free loopback port, drive Debian's Chromium with Playwright, and check pages the same way
// everywhere (axe-core at WCAG 2.2 A and AA, titles, headings, landmarks, skip link, reflow).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const PASSWORD = 'demo-password-2026';
export const ARTEFACTS = new URL('./test-results/', import.meta.url).pathname;
export const BINARY = process.env.DUEREGARD_BIN ?? new URL('../target/debug/dueregard', import.meta.url).pathname;
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * One demo server and one browser for a test file: started before its tests, stopped after.
 * Read `app.server.base` and `app.browser` inside the tests.
 */
export function useApp() {
  const app = {};
  before(async () => {
    app.server = await startServer();
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    app.server?.stop();
  });
  return app;
}

/**
 * Starts `dueregard demo` on a new database; resolves to its base URL, its database file and a
 * stop function. `extra` are more arguments for `demo` (mail settings, say).
 */
export async function startServer(extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'dueregard-e2e-'));
  const db = join(dir, 'e2e.db');
  const child = spawn(BINARY, ['--db', db, 'demo', '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 120_000);
    const seen = (d) => {
      out += d;
      const m = out.match(/running at (http:\/\/[^\s]+?)\/ /);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => reject(new Error(`the server stopped (${code}):\n${out}`)));
  });
  return { base, db, stop: () => child.kill('SIGINT') };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function signIn(page, base, email) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
}

/** Titles seen so far, by path, to prove each kind of page has its own. */
const titles = new Map();

/**
 * Checks the page as it is now: no axe violations at WCAG 2.2 A and AA, a title that names the
 * page and no other page's, one h1, the landmarks, and a skip link first in the tab order.
 */
export async function checkPage(page, label, { errorPage = false } = {}) {
  const problems = [];
  await page.evaluate(axeSource);
  const result = await page.evaluate(async (tags) => await window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG);
  for (const v of result.violations) {
    problems.push(`axe ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  }
  const facts = await page.evaluate(() => ({
    title: document.title,
    h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
    main: document.querySelectorAll('main').length,
    banner: document.querySelectorAll('header').length,
    footer: document.querySelectorAll('footer').length,
    skip: document.querySelector('a.govuk-skip-link')?.getAttribute('href'),
    firstLink: document.querySelector('body a, body button, body input')?.className ?? '',
    lang: document.documentElement.lang,
  }));
  if (facts.h1.length !== 1) problems.push(`has ${facts.h1.length} h1 headings`);
  if (facts.h1[0] && !facts.title.replace(/^Error: /, '').includes(facts.h1[0].replace(/\s+/g, ' '))) problems.push(`title "${facts.title}" does not name the page "${facts.h1[0]}"`);
  if (!facts.title.endsWith('– Due Regard')) problems.push(`title "${facts.title}" does not end with the service name`);
  if (facts.main !== 1 || facts.banner < 1 || facts.footer < 1) problems.push('missing main, header or footer landmark');
  if (facts.skip !== '#main-content' || !facts.firstLink.includes('govuk-skip-link')) problems.push('no skip link first on the page');
  if (facts.lang !== 'en-GB') problems.push(`page language is "${facts.lang}"`);
  const path = new URL(page.url()).pathname;
  const title = facts.title.replace(/^Error: /, '');
  // Error pages of one kind ("Page not found") share their title; every other page has its own.
  if (!errorPage) {
    for (const [other, t] of titles) {
      if (t === title && other !== path) problems.push(`title "${title}" is also the title of ${other}`);
    }
    titles.set(path, title);
  }
  if (problems.length) throw new Error(`${label} (${page.url()}):\n  ${problems.join('\n  ')}`);
}

/**
 * Content reflows at 320 CSS pixels wide without scrolling sideways (WCAG 1.4.10), and text at
 * 200% still fits the page (WCAG 1.4.4). A screenshot of any failure is kept in test-results/.
 */
export async function checkReflow(page, label) {
  const size = page.viewportSize();
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const problems = [];
  await page.setViewportSize({ width: 320, height: 640 });
  if ((await overflow()) > 1) problems.push(`scrolls sideways by ${await overflow()}px at 320px wide`);
  if (problems.length) await keep(page, label, '320px');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  if ((await overflow()) > 1) {
    problems.push(`scrolls sideways by ${await overflow()}px with text at 200%`);
    await keep(page, label, 'text-200');
  }
  await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
  await page.setViewportSize(size ?? { width: 1280, height: 900 });
  if (problems.length) throw new Error(`${label} (${page.url()}): ${problems.join('; ')}`);
}

async function keep(page, label, what) {
  mkdirSync(ARTEFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTEFACTS, `${label.replace(/[^a-z0-9]+/gi, '-')}-${what}.png`), fullPage: true });
}

/** Both checks, for each state a journey reaches. */
export async function check(page, label, options = {}) {
  await checkPage(page, label, options);
  await checkReflow(page, label);
}

/** The session's form token, as a page shows it. */
export async function formToken(page) {
  return page.locator('input[name="csrf_token"]').first().getAttribute('value');
}

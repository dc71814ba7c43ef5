// Takes a screenshot of each main page of a running Due Regard, signed in as the demo equality
// lead. Usage: node screenshots.mjs BASE_URL OUT_DIR (see the README).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const out = process.argv[3] ?? '../docs/screenshots';
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}/sign-in`);
await page.screenshot({ path: `${out}/sign-in.png`, fullPage: true });
await page.getByLabel('Email address').fill('lead@dudley.example');
await page.getByLabel('Password').fill('demo-password-2026');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL(`${base}/`);

const shots = [
  ['dashboard', '/'],
  ['objectives', '/objectives'],
  ['plans', '/plans'],
];
for (const [name, path] of shots) {
  await page.goto(base + path);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
}
await page.goto(`${base}/plans`);
await page.getByRole('link', { name: /Chief Executive/ }).first().click();
await page.screenshot({ path: `${out}/plan.png`, fullPage: false });
await page.getByRole('link', { name: /Develop local intelligence system/ }).click();
await page.screenshot({ path: `${out}/action.png`, fullPage: true });
await page.goto(`${base}/objectives/new`);
await page.getByRole('button', { name: 'Save objective' }).click();
await page.screenshot({ path: `${out}/form-errors.png`, fullPage: true });
await browser.close();
console.log(`Screenshots written to ${out}`);

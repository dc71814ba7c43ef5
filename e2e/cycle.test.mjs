// A whole monitoring period in the browser, with mail through a real SMTP server on loopback
// (aiosmtpd): the requests go out, a lead officer follows the link in their mail, signs in and
// updates; once the updates are due, what is still missing escalates; the monitoring summary
// shows who updated, what is missing and what has slipped.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BINARY, PASSWORD, check, launch, signIn, startServer } from './harness.mjs';

const SINK = new URL('../crates/dueregard/tests/support/smtp_sink.py', import.meta.url).pathname;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Today in the UK, as the server sees it: [year, month (1-12), day]. */
function ukToday() {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date());
  const get = (t) => Number(parts.find((p) => p.type === t).value);
  return [get('year'), get('month'), get('day')];
}
const iso = (d) => d.toISOString().slice(0, 10);
const long = (d) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
const monthYear = (d) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

/** This year's six-monthly period holding today: April–September or October–March. */
function currentPeriod() {
  const [y, m] = ukToday();
  const startYear = m >= 4 ? y : y - 1;
  const first = m >= 4 && m <= 9;
  const start = first ? new Date(Date.UTC(startYear, 3, 1)) : new Date(Date.UTC(startYear, 9, 1));
  const end = first ? new Date(Date.UTC(startYear, 8, 30)) : new Date(Date.UTC(startYear + 1, 2, 31));
  return { number: first ? 1 : 2, start, end };
}

describe('the monitoring cycle', () => {
  let sink;
  let port;
  let mailFile;
  let server;
  let browser;

  before(async () => {
    mailFile = join(mkdtempSync(join(tmpdir(), 'dueregard-mail-')), 'mail.jsonl');
    sink = spawn('python3', [SINK, mailFile], { stdio: ['pipe', 'pipe', 'inherit'] });
    port = await new Promise((resolve, reject) => {
      sink.stdout.once('data', (d) => resolve(String(d).trim()));
      sink.on('exit', (code) => reject(new Error(`the SMTP server stopped (${code}): is aiosmtpd installed?`)));
    });
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server?.stop();
    sink?.kill();
  });

  const mails = () => (existsSync(mailFile) ? readFileSync(mailFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
  const jobs = (asOf) => execFileSync(BINARY, [
    '--db', server.db, 'jobs', 'run', '--once', '--as-of', asOf,
    '--smtp-host', '127.0.0.1', '--smtp-port', port, '--smtp-security', 'none',
    '--mail-from', 'Due Regard <equality@dudley.example>', '--public-url', server.base,
  ], { stdio: ['ignore', 'ignore', 'inherit'] });

  test('requests go out, an officer updates from the link, a late action escalates, and the summary shows it', async () => {
    const period = currentPeriod();
    const [y, m, d] = ukToday();
    jobs(iso(new Date(Date.UTC(y, m - 1, d))));
    const requests = mails().filter((x) => x.to[0] === 'officer@dudley.example' && x.headers.subject.startsWith(`Progress updates due by ${long(period.end)}`));
    assert.equal(requests.length, 1, JSON.stringify(mails().map((x) => [x.to, x.headers.subject])));
    const request = requests[0];
    assert.match(request.text, /Survey staff on the adjustments disabled staff need/);
    assert.doesNotMatch(request.text, /Publish the annual equality information/, 'an action updated this period is not asked for');
    const found = request.text.match(new RegExp(`${server.base}/actions/\\d+/updates/new`));
    assert.ok(found, request.text);
    const link = found[0];

    // The officer follows the link, signed out: sign in, and back to the form.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    assert.match(page.url(), /\/sign-in\?next=/);
    await page.getByLabel('Email address').fill('officer@dudley.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(link);
    await check(page, 'progress form from a mail');
    await page.getByLabel('On track (green)').check();
    await page.getByLabel('What has happened since the last update?').fill('The survey is drafted and goes out next week.');
    await page.getByRole('button', { name: 'Save update' }).click();
    await page.getByText('The survey is drafted and goes out next week.').waitFor();
    await context.close();

    // Two days after the updates were due: what is still missing goes to the director, or,
    // with no director in the directorate, to the equality lead.
    const due = period.end;
    jobs(iso(new Date(due.getTime() + 2 * 86400000)));
    const describe = `monitoring period ${monthYear(period.start)} to ${monthYear(period.end)}`;
    const escalations = mails().filter((x) => x.headers.subject.startsWith('Missing progress updates') && x.text.includes(describe));
    assert.deepEqual(escalations.map((x) => [x.to[0], x.headers.subject.split(',')[0]]), [
      ['lead@dudley.example', 'Missing progress updates: Anne Boden'],
    ], 'the officer who updated is not escalated');

    // The monitoring summary for the period.
    const lead = await browser.newContext();
    const lp = await lead.newPage();
    await signIn(lp, server.base, 'lead@dudley.example');
    await lp.goto(`${server.base}/plans`);
    await lp.getByRole('link', { name: /\(illustrative\)/ }).first().click();
    const plan = lp.url().match(/\/plans\/(\d+)/)[1];
    await lp.goto(`${server.base}/plans/${plan}/monitoring?period=${period.number}`);
    await check(lp, 'monitoring summary');
    const who = lp.getByRole('table', { name: 'Updates by lead officer' });
    assert.match(await who.getByRole('row', { name: /Anne Boden/ }).innerText(), /CE1 \(4\)/);
    assert.match(await who.getByRole('row', { name: /Jason Whyley/ }).innerText(), /3\s+3/);
    const slipped = lp.getByRole('table', { name: 'Actions with a revised date' });
    assert.match(await slipped.innerText(), /The guidance waits for the new report template/);
    assert.match(await lp.locator('main').innerText(), /For Regeneration, Culture and Adult Education Scrutiny Committee/);
    await lead.close();
  });
});

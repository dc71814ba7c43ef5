// The user journeys of issue 3, each as a person would do it, with what they see asserted. Every
// state reached is checked for accessibility on the way (see harness.mjs).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, formToken, signIn, useApp } from './harness.mjs';

const app = useApp();

const LEAD = 'lead@dudley.example';
const OFFICER = 'officer@dudley.example';
const VIEWER = 'councillor@dudley.example';
const ADMIN = 'admin@dudley.example';

/** Journey 1: the equality lead builds an objective and a plan and sees it on the dashboard. */
async function journeyOne(page, base, tag, checks = true) {
  await signIn(page, base, LEAD);
  if (checks) await check(page, `dashboard (${tag})`);
  await page.getByRole('link', { name: 'Equality objectives' }).first().click();
  await page.getByRole('button', { name: 'Add an equality objective' }).click();
  if (checks) await check(page, `new objective form (${tag})`);
  const objective = `Close the disability employment gap (${tag})`;
  await page.getByLabel('Title', { exact: true }).fill(objective);
  await page.getByLabel('Description').fill('Measured through the workforce profile each year.');
  await page.getByLabel('Advance equality of opportunity').check();
  await page.getByLabel('Disability').check();
  await page.getByRole('button', { name: 'Save objective' }).click();
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: objective }).waitFor());
  if (checks) await check(page, `objective page (${tag})`);

  await page.getByRole('link', { name: 'Action plans' }).first().click();
  if (checks) await check(page, `plans list (${tag})`);
  await page.getByRole('button', { name: 'Add an action plan' }).click();
  const plan = `Employment equality action plan (${tag})`;
  await page.getByLabel('Title', { exact: true }).fill(plan);
  await page.getByLabel('Approved', { exact: true }).check();
  await page.getByRole('button', { name: 'Save plan' }).click();
  await page.getByRole('heading', { level: 1, name: plan }).waitFor();
  const planUrl = page.url();

  await page.getByRole('button', { name: 'Add a priority' }).click();
  await page.getByLabel('Priority', { exact: true }).fill('Fair access to employment');
  await page.getByRole('button', { name: 'Save priority' }).click();
  await page.getByRole('heading', { name: 'Priority 1. Fair access to employment' }).waitFor();

  await page.getByRole('button', { name: 'Add an objective' }).click();
  await page.getByLabel('Priority', { exact: true }).selectOption({ label: 'Priority 1. Fair access to employment' });
  await page.getByLabel('Code').fill('EM1');
  await page.getByLabel('Objective', { exact: true }).fill('Remove barriers to work for disabled people');
  await page.getByLabel('Jason Whyley (JW)').check();
  await page.getByRole('button', { name: 'Save objective' }).click();

  for (const [n, text, target] of [[1, 'Review reasonable adjustments with HR', 'By December'], [2, 'Run a disability confident campaign', 'Throughout year']]) {
    await page.goto(planUrl);
    await page.getByRole('button', { name: 'Add an action' }).click();
    await page.getByLabel('Objective', { exact: true }).selectOption({ label: 'EM1. Remove barriers to work for disabled people' });
    await page.getByLabel('Action number').fill(String(n));
    await page.getByLabel('Detailed action or target').fill(`${text} (${tag})`);
    await page.getByLabel('Jason Whyley (JW)').check();
    await page.getByLabel('Target date or milestones').fill(target);
    await page.getByLabel('New planned outcome').fill('More disabled people apply and are appointed');
    await page.getByLabel(objective).check();
    await page.getByRole('button', { name: 'Save action' }).click();
    await page.getByRole('heading', { level: 1, name: `Action EM1 (${n})` }).waitFor();
    if (checks && n === 1) await check(page, `action page (${tag})`);
  }
  await page.getByRole('link', { name: 'Action plans' }).first().click();
  await page.getByRole('link', { name: plan }).click();
  const table = page.locator('#objective-EM1');
  assert.match(await table.innerText(), /\(1\) Review reasonable adjustments with HR/);
  assert.match(await table.innerText(), /\(2\) Run a disability confident campaign/);
  assert.match(await table.innerText(), /By December/);
  if (checks) await check(page, `plan page (${tag})`);

  await page.getByRole('link', { name: 'Dashboard' }).click();
  const row = page.locator('tr', { has: page.getByRole('link', { name: plan }) });
  await row.waitFor();
  assert.equal((await row.locator('td').first().innerText()).trim(), '2', 'the dashboard counts the two actions');
  return { plan, objective };
}

/** The plan's at-risk count on the dashboard. */
async function atRisk(page, base, plan) {
  await page.goto(`${base}/`);
  const row = page.locator('tr', { has: page.getByRole('link', { name: plan }) });
  return Number((await row.locator('td').nth(3).innerText()).trim());
}

/** Journey 2: a lead officer reports that one of their actions is at risk. */
async function journeyTwo(page, base, tag, plan, checks = true) {
  await signIn(page, base, OFFICER);
  const before = await atRisk(page, base, plan);
  await page.getByRole('link', { name: 'Actions you lead' }).first().click();
  if (checks) await check(page, `actions you lead (${tag})`);
  const rows = page.locator('tbody tr');
  const texts = await rows.allInnerTexts();
  assert.ok(texts.length >= 2);
  // Only Jason Whyley's actions, and the two in the live plan are marked for an update.
  const due = texts.filter((t) => t.includes('Update due'));
  assert.ok(due.some((t) => t.includes(`Review reasonable adjustments with HR (${tag})`)), 'the new action is marked for update');
  for (const t of texts) assert.ok(!t.includes('Rosina') && !t.includes('Gypsies'), 'no one else\'s actions');
  const mine = page.locator('tbody tr', { hasText: `Review reasonable adjustments with HR (${tag})` });
  await mine.getByRole('link', { name: /Report progress on EM1 \(1\)/ }).click();
  if (checks) await check(page, `progress form (${tag})`);
  await page.getByLabel('At risk (amber)').check();
  await page.getByLabel('What has happened since the last update?').fill(`HR capacity is short this quarter (${tag}).`);
  await page.getByRole('button', { name: 'Save update' }).click();
  await page.getByText(`HR capacity is short this quarter (${tag}).`).waitFor();
  assert.match(await page.locator('h1 + p').innerText(), /At risk \(amber\)/);
  const afterCount = await atRisk(page, base, plan);
  assert.equal(afterCount, before + 1, 'the dashboard counts the at-risk action');
}

describe('journeys', () => {
  test('1. the equality lead creates an objective and a plan and sees it on the dashboard', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    await journeyOne(page, app.server.base, 'js');
    await context.close();
  });

  test('2. a lead officer reports an action at risk and the dashboard counts change', async () => {
    // Its own plan and action, so it depends on no other journey having run.
    const setup = await app.browser.newContext();
    const { plan } = await journeyOne(await setup.newPage(), app.server.base, 'j2', false);
    await setup.close();
    const context = await app.browser.newContext();
    const page = await context.newPage();
    await journeyTwo(page, app.server.base, 'j2', plan);
    await context.close();
  });

  test('3. a viewer reads everything, sees no edit controls, and a direct POST is refused', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    await signIn(page, app.server.base, VIEWER);
    for (const name of ['Equality objectives', 'Action plans', 'People']) {
      await page.getByRole('link', { name }).first().click();
      await check(page, `${name} as viewer`);
      assert.equal(await page.getByRole('button', { name: /^(Add|Edit)/ }).count(), 0, `${name}: no add or edit buttons`);
    }
    await page.getByRole('link', { name: 'Action plans' }).first().click();
    await page.getByRole('link', { name: /Chief Executive's Directorate.*2013\/14/ }).click();
    assert.equal(await page.getByRole('link', { name: /^Change/ }).count(), 0);
    await page.getByRole('link', { name: /Develop local intelligence system/ }).click();
    assert.equal(await page.getByRole('button', { name: /Report progress|Edit/ }).count(), 0);
    const token = await formToken(page);
    const reply = await page.request.post(`${app.server.base}/objectives/new`, { form: { csrf_token: token, title: 'Viewer was here' }, maxRedirects: 0 });
    assert.equal(reply.status(), 403);
    const edit = await page.request.get(`${app.server.base}/objectives/1/edit`);
    assert.equal(edit.status(), 403);
    await page.goto(`${app.server.base}/objectives/1/edit`);
    await check(page, 'refused page', { errorPage: true });
    await context.close();
  });

  test('4. two people edit the same action: the second save is refused with both versions and nothing is lost', async () => {
    const a = await app.browser.newContext();
    const b = await app.browser.newContext();
    const pa = await a.newPage();
    const pb = await b.newPage();
    await signIn(pa, app.server.base, LEAD);
    await signIn(pb, app.server.base, ADMIN);
    const path = `${app.server.base}/actions/3/edit`;
    await pa.goto(path);
    await pb.goto(path);
    const original = await pa.getByLabel('Detailed action or target').inputValue();
    await pa.getByLabel('Detailed action or target').fill(`${original} (edited by the lead)`);
    await pa.getByRole('button', { name: 'Save changes' }).click();
    await pa.getByRole('heading', { level: 1, name: /^Action / }).waitFor();
    await pb.getByLabel('Target date or milestones').fill('By March 2014');
    await pb.getByRole('button', { name: 'Save changes' }).click();
    await pb.getByRole('heading', { name: 'Your changes were not saved' }).waitFor();
    await check(pb, 'conflict page');
    const table = await pb.getByRole('table', { name: 'Your version and the saved version' }).innerText();
    assert.match(table, /\(edited by the lead\)/, 'the saved version is shown');
    assert.match(table, /By March 2014/, 'your version is shown');
    assert.equal(await pb.getByLabel('Target date or milestones').inputValue(), 'By March 2014', 'your change is still in the form');
    // Take both: the lead's words and the administrator's date.
    await pb.getByLabel('Detailed action or target').fill(`${original} (edited by the lead)`);
    await pb.getByRole('button', { name: 'Save changes' }).click();
    await pb.getByRole('heading', { level: 1, name: /^Action / }).waitFor();
    const summary = await pb.locator('.govuk-summary-list').innerText();
    assert.match(summary, /\(edited by the lead\)/);
    assert.match(summary, /By March 2014/);
    await a.close();
    await b.close();
  });

  test('5. a form with errors shows the error summary, focuses it, and each link jumps to its field', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    await signIn(page, app.server.base, LEAD);
    await page.goto(`${app.server.base}/objectives/new`);
    await page.locator('#approved_on-day').fill('31');
    await page.locator('#approved_on-month').fill('2');
    await page.locator('#approved_on-year').fill('2026');
    await page.getByRole('button', { name: 'Save objective' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.match(await page.title(), /^Error: /);
    assert.ok(await summary.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)), 'focus is on the error summary');
    await check(page, 'form with errors');
    const links = summary.getByRole('link');
    const count = await links.count();
    assert.ok(count >= 2);
    for (let i = 0; i < count; i += 1) {
      const href = await links.nth(i).getAttribute('href');
      await links.nth(i).click();
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert.equal(`#${focused}`, href, `the link to ${href} moves focus to its field`);
    }
    await context.close();
  });

  test('7. the equality lead drafts a report, a director approves it, and the public reads it', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    const base = app.server.base;
    await signIn(page, base, LEAD);
    await page.getByRole('link', { name: 'Reports' }).first().click();
    await page.getByRole('link', { name: 'publications' }).click();
    await page.getByRole('button', { name: 'Start a publication' }).click();
    await page.getByLabel('Annual progress report on equality objectives').check();
    const title = 'Equality progress for scrutiny (journey 7)';
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Introduction (optional)').fill('Presented to the scrutiny committee.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await check(page, 'a draft publication');
    const at = page.url();
    await page.getByRole('button', { name: 'Send for review' }).click();
    await page.getByRole('button', { name: 'Send back to draft' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0, 'an equality lead cannot approve');
    await context.clearCookies();

    await signIn(page, base, 'director@dudley.example');
    await page.goto(at);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('As approved: it will not change').waitFor();
    await check(page, 'an approved publication');
    await context.clearCookies();

    await signIn(page, base, LEAD);
    await page.goto(at);
    await page.getByRole('button', { name: 'Publish' }).click();
    const link = page.getByRole('link', { name: /^\/public\/dudley\/publications\/\d+$/ });
    const address = await link.innerText();
    await context.clearCookies();
    await page.goto(base + address);
    await page.getByRole('heading', { name: title }).first().waitFor();
    assert.match(await page.locator('main').innerText(), /Presented to the scrutiny committee\./);
    assert.match(await page.locator('main').innerText(), /approved by Demo Director/);
    const pdf = await page.request.get(base + address + '/report.pdf');
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    await context.close();
  });

  test('6. journeys 1 and 2 work with JavaScript turned off', async () => {
    const context = await app.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const { plan } = await journeyOne(page, app.server.base, 'no-js', false);
    await context.clearCookies();
    await journeyTwo(page, app.server.base, 'no-js', plan, false);
    await context.close();
  });
});

export { journeyOne };

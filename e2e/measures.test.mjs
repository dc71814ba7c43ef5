// Measuring what changes, as an equality lead would: set up an indicator with its targets and
// thresholds, give it values typed and from a spreadsheet file, and read its trend for everyone
// and by group, with small groups withheld. Every page on the way is checked (axe, reflow).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, signIn, useApp } from './harness.mjs';

const app = useApp();

test('an indicator from set-up to its trend by group', { timeout: 180_000 }, async () => {
  const base = app.server.base;
  const lead = await (await app.browser.newContext()).newPage();
  await signIn(lead, base, 'lead@dudley.example');

  await lead.getByRole('link', { name: 'Indicators', exact: true }).first().click();
  await check(lead, 'indicators');
  await lead.getByRole('button', { name: 'Add an indicator' }).click();
  await lead.getByLabel('Title', { exact: true }).fill('Residents satisfied with their library (browser journey)');
  await lead.getByLabel('How it is worked out').fill('Survey respondents satisfied or very satisfied, out of all who answered');
  await lead.getByLabel('Percentage').check();
  await lead.getByLabel('Higher is better').check();
  await lead.getByLabel('Yearly').check();
  await lead.getByLabel('Targets (optional)').fill('2025-03-31: 80\n2026-03-31: 85');
  await lead.getByLabel('How far short of target is still green').fill('0');
  await lead.getByLabel('How far short of target is amber rather than red').fill('4');
  await lead.getByRole('button', { name: 'Save' }).click();
  await lead.getByRole('heading', { level: 1, name: 'Residents satisfied with their library (browser journey)' }).waitFor();
  await check(lead, 'a new indicator');

  // A mistake first: the whole lot is refused and the row named.
  await lead.getByRole('button', { name: 'Add or replace values' }).click();
  await lead.getByLabel('Figures, one a row').fill('2025-03-31, , , 400, 500\n2025-03-31, Age, 16 to 24, 70, 60');
  await lead.getByRole('button', { name: 'Keep the values' }).click();
  await lead.locator('.govuk-error-summary').waitFor();
  assert.match(await lead.locator('.govuk-error-summary').innerText(), /Row 2: 70 is more than the 60/);
  await check(lead, 'values refused', { errorPage: true });

  // Then 2025 typed, and 2026 from a CSV file with its columns in another order.
  await lead.getByLabel('Figures, one a row').fill('2025-03-31, , , 400, 500\n2025-03-31, Age, 16 to 24, 40, 60\n2025-03-31, Age, 65 and over, 5, 8');
  await lead.getByRole('button', { name: 'Keep the values' }).click();
  await lead.getByRole('heading', { level: 2, name: 'Trend' }).waitFor();
  await lead.getByRole('button', { name: 'Add or replace values' }).click();
  await lead.getByLabel('Figures, one a row').fill('');
  await lead.getByLabel('Or a file (CSV, Excel or OpenDocument)').setInputFiles({
    name: 'library.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Base,Count,Group,Characteristic,Period end\n520,430,,,2026-03-31\n70,50,16 to 24,Age,2026-03-31\n'),
  });
  await lead.getByRole('button', { name: 'Keep the values' }).click();
  await lead.getByRole('heading', { level: 2, name: 'Trend' }).waitFor();
  await check(lead, 'an indicator with its trend');
  const body = await lead.locator('main').innerText();
  // 430 of 520 is 82.7%, 2.3 short of 85: amber, in words.
  assert.match(body, /82\.7% to 31 March 2026/);
  assert.match(body, /Amber: close to target/);
  // 5 of 8 people aged 65 and over is never shown.
  assert.ok(!body.includes('62.5%'), 'a small group is withheld');
  assert.match(body, /\[c\]/);
  assert.equal(await lead.locator('svg[role="img"] title').first().textContent(), 'Residents satisfied with their library (browser journey): trend');
});

test('a budget round: the groups several proposals hit, then the consideration each decision looks for', { timeout: 180_000 }, async () => {
  const base = app.server.base;
  const lead = await (await app.browser.newContext()).newPage();
  await signIn(lead, base, 'lead@dudley.example');
  await lead.goto(`${base}/decisions`);
  await lead.getByRole('link', { name: 'budget rounds' }).click();
  await check(lead, 'budget rounds');
  await lead.getByRole('link', { name: /illustrative round under CE2/ }).click();
  await check(lead, 'a budget round');
  assert.match(await lead.locator('.govuk-warning-text').innerText(), /2 groups are affected negatively/);
  const matrix = lead.getByRole('table', { name: "Each proposal's impact on each group" });
  assert.match(await matrix.getByRole('row', { name: /^Age/ }).innerText(), /Several proposals[\s\S]*3$/);
  const round = lead.url();

  // A proposal's decision says its cumulative impact is not yet considered.
  const proposal = await matrix.getByRole('link').first().getAttribute('href');
  await lead.goto(`${base}${proposal}`);
  assert.match(await lead.locator('main').innerText(), /has not been considered yet/);

  // The lead records the consideration; the decision's check then passes that line.
  await lead.goto(round);
  await lead.getByRole('link', { name: 'Change the round or record its consideration' }).click();
  await lead.getByLabel(/What was concluded about the cumulative impact/).fill('Older and disabled people are affected by more than one proposal; transport and care reviews are funded.');
  const day = new Date();
  await lead.getByRole('group', { name: /The day the cumulative impact was considered/ }).getByLabel('Day').fill(String(day.getDate()));
  await lead.getByRole('group', { name: /The day the cumulative impact was considered/ }).getByLabel('Month').fill(String(day.getMonth() + 1));
  await lead.getByRole('group', { name: /The day the cumulative impact was considered/ }).getByLabel('Year').fill(String(day.getFullYear()));
  await lead.getByRole('button', { name: 'Save' }).click();
  await lead.getByRole('heading', { name: 'The consideration of the whole' }).waitFor();
  await lead.getByRole('button', { name: 'The report for the budget meeting' }).click();
  await check(lead, 'the cumulative impact report');
  await lead.goto(`${base}${proposal}`);
  assert.match(await lead.locator('main').innerText(), /was considered on .*, before the decision/);
});

test('hate incident counts: typed, refused with the row named, then kept and charted', { timeout: 120_000 }, async () => {
  const base = app.server.base;
  const lead = await (await app.browser.newContext()).newPage();
  await signIn(lead, base, 'lead@dudley.example');
  await lead.goto(`${base}/indicators`);
  await lead.getByRole('link', { name: 'hate incidents and community tension' }).click();
  await check(lead, 'hate incidents');
  await lead.getByRole('button', { name: 'Add or replace counts' }).click();
  await lead.getByLabel('Figures, one a row').fill('2019-12-31, hate crime, race, Castle, 9\n2019-12-31, hate crime, shoe size, Castle, 1');
  await lead.getByRole('button', { name: 'Keep the counts' }).click();
  await lead.locator('.govuk-error-summary').waitFor();
  assert.match(await lead.locator('.govuk-error-summary').innerText(), /Row 2: 'shoe size' is not a motivation/);
  await check(lead, 'incident counts refused', { errorPage: true });
  await lead.getByLabel('Figures, one a row').fill('2019-12-31, hate crime, race, Castle, 9\n2019-12-31, hate incident, disability, , 4');
  await lead.getByRole('button', { name: 'Keep the counts' }).click();
  await lead.getByRole('heading', { level: 1, name: 'Hate incidents and community cohesion' }).waitFor();
  const table = lead.getByRole('table', { name: 'Hate crimes and incidents by motivation and period' });
  assert.match(await table.getByRole('row', { name: /^Disability/ }).innerText(), /^Disability\s+4/);
});

test('training: a session recorded, and the coverage and refreshers it changes', { timeout: 120_000 }, async () => {
  const base = app.server.base;
  const lead = await (await app.browser.newContext()).newPage();
  await signIn(lead, base, 'lead@worcester.example');
  await lead.goto(`${base}/indicators`);
  await lead.getByRole('link', { name: 'equality training' }).click();
  await check(lead, 'equality training');
  await lead.getByRole('link', { name: 'Equalities and impact assessment: half-day module' }).click();
  await check(lead, 'a training course');
  assert.equal(await lead.getByText(/lapsed on/).count(), 4);
  await lead.getByRole('button', { name: 'Record a session' }).click();
  await check(lead, 'record a session');
  const today = new Date();
  await lead.getByLabel('Day', { exact: true }).fill(String(today.getDate()));
  await lead.getByLabel('Month', { exact: true }).fill(String(today.getMonth() + 1));
  await lead.getByLabel('Year', { exact: true }).fill(String(today.getFullYear()));
  for (const n of [1, 2, 3, 4]) await lead.getByLabel(`Service manager ${n} (illustrative)`, { exact: true }).check();
  await lead.getByRole('button', { name: 'Save' }).click();
  await lead.getByRole('heading', { level: 2, name: 'Due a refresher' }).waitFor();
  assert.equal(await lead.getByText(/lapsed on/).count(), 0);
  assert.match(await lead.locator('main table').first().innerText(), /Everyone it is for\s+14\s+30\s+47%/);
});

test('a partner body sees the shared objective and adds its own action', { timeout: 120_000 }, async () => {
  const base = app.server.base;
  const police = await (await app.browser.newContext()).newPage();
  await signIn(police, base, 'lead@police.example');
  await police.getByRole('link', { name: 'Equality objectives', exact: true }).first().click();
  await police.getByRole('link', { name: 'shared objectives' }).click();
  await check(police, 'shared objectives for a partner');
  await police.locator('main ul a').first().click();
  await check(police, 'a shared objective seen by a partner');
  const main = await police.locator('main').innerText();
  assert.match(main, /Dudley Metropolitan Borough Council/);
  assert.match(main, /Example Constabulary \(fictional\)/);
  // Take the action out, then put it back, with the keyboard.
  const box = police.getByLabel(/third-party reporting centres/);
  await box.uncheck();
  await police.getByRole('button', { name: 'Save your actions' }).click();
  await police.getByRole('heading', { level: 2, name: 'Your actions for it' }).waitFor();
  assert.match(await police.locator('main').innerText(), /Example Constabulary \(fictional\)\s+No actions added yet/);
  await police.getByLabel(/third-party reporting centres/).focus();
  await police.keyboard.press('Space');
  await police.getByRole('button', { name: 'Save your actions' }).focus();
  await police.keyboard.press('Enter');
  await police.getByRole('heading', { level: 2, name: 'Your actions for it' }).waitFor();
  assert.doesNotMatch(await police.locator('main').innerText(), /Example Constabulary \(fictional\)\s+No actions added yet/);
});

test('a framework self-assessment rated, and a gap and a catalogue entry each started as a plan action', { timeout: 180_000 }, async () => {
  const base = app.server.base;
  const lead = await (await app.browser.newContext()).newPage();
  await signIn(lead, base, 'lead@dudley.example');
  await lead.getByRole('link', { name: 'Duties', exact: true }).first().click();
  await lead.getByRole('link', { name: 'equality framework' }).click();
  await check(lead, 'equality frameworks');
  await lead.getByRole('link', { name: /Self-assessment for a peer challenge/ }).click();
  await check(lead, 'a self-assessment');
  await lead.getByRole('link', { name: 'Rate the criteria or record the peer review' }).click();
  await lead.getByLabel('1.1 Collecting and sharing information: level').selectOption('achieving');
  await lead.getByRole('button', { name: 'Save' }).click();
  await lead.getByRole('heading', { level: 2, name: 'Peer review' }).waitFor();
  assert.match(await lead.locator('main').innerText(), /5 of 17 criteria rated: 1 developing, 4 achieving, 0 excellent/);
  // The gap at 2.3 starts an action; it is saved only when the lead saves it.
  await lead.getByRole('link', { name: /Start an action for this gap in/ }).first().click();
  await check(lead, 'an action started from a gap');
  assert.match(await lead.getByLabel('Detailed action or target').inputValue(), /cumulative impact is not yet considered/);

  // The catalogue, from the plans page.
  await lead.getByRole('link', { name: 'Action plans', exact: true }).first().click();
  await lead.getByRole('link', { name: 'Actions with evidence behind them' }).click();
  await check(lead, 'actions that work');
  await lead.getByRole('link', { name: /Start this action in .*: Use structured interviews/ }).first().click();
  assert.match(await lead.getByLabel('Detailed action or target').inputValue(), /^Use structured interviews\./);
  assert.ok(await lead.getByLabel('Race', { exact: true }).isChecked());
  await lead.getByLabel('Target date or milestones').fill('By March 2027');
  await lead.getByLabel('Objective', { exact: true }).selectOption({ index: 1 });
  await lead.getByRole('button', { name: 'Save' }).click();
  await lead.waitForURL((url) => !url.pathname.endsWith('/actions/new'));
  assert.equal(await lead.locator('.govuk-error-summary').count(), 0);
  assert.match(await lead.locator('main').innerText(), /Use structured interviews\./);
});

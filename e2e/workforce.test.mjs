// Issue 5's web pages: the equality lead uploads an HR extract, reads its report (pay gaps,
// charts with their tables, representation, hidden small numbers), and a bad extract is refused
// with the row and column of each problem. Each state is checked for accessibility.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { ARTEFACTS, check, signIn, useApp } from './harness.mjs';

const FIXTURES = new URL('../crates/dueregard-formats/tests/fixtures/', import.meta.url).pathname;

const app = useApp();

async function upload(page, file, year) {
  await page.goto(`${app.server.base}/workforce`);
  await page.getByRole('button', { name: 'Upload an HR extract' }).click();
  await page.getByLabel('Year').fill(year);
  await page.getByLabel('Local authority area to compare with (optional)').fill('Dudley');
  await page.getByLabel('This extract is made up, for practice').check();
  await page.getByLabel('Upload the extract').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload and analyse' }).click();
}

test('the equality lead uploads an HR extract and reads its report', async () => {
  const page = await app.browser.newPage();
  await signIn(page, app.server.base, 'lead@dudley.example');
  await page.goto(`${app.server.base}/workforce`);
  const list = await page.locator('main').innerText();
  assert.match(list, /Gender pay gap as published/);
  assert.match(list, /2017-18/, 'Dudley\'s real published figures from the national data');
  assert.match(list, /Compared with similar employers/);
  assert.match(list, /Open Government Licence/);

  await upload(page, `${FIXTURES}hr-small.csv`, '2020');
  await page.getByRole('heading', { level: 1, name: '31 March 2020' }).waitFor();
  const body = await page.locator('main').innerText();
  assert.match(body, /Synthetic data/);
  assert.match(body, /each group needs at least 10 employees/, 'a 12-person extract shows no pay gap');
  assert.match(body, /\[c\]/, 'small counts are hidden');
  await check(page, 'workforce snapshot from an upload');

  // A demo snapshot: charts name themselves and sit above their data tables.
  await page.goto(`${app.server.base}/workforce`);
  await page.getByRole('link', { name: '31 March 2026' }).click();
  const chart = page.getByRole('img', { name: 'Men and women in each quartile pay band' });
  await chart.waitFor();
  assert.match(await chart.locator('desc').textContent(), /table below gives the same figures/);
  assert.ok(await page.getByRole('table', { name: 'Women and men in each quartile pay band' }).isVisible());
  // The demo's synthetic staff against Dudley's 2021 Census population: each reading as expected.
  const text = await page.locator('main').innerText();
  assert.match(text, /Female\s+65\.6%\s+63\.9% to 67\.3%\s+50\.8%\s+over-represented/);
  assert.match(text, /Male\s+34\.4%\s+32\.7% to 36\.1%\s+49\.2%\s+under-represented/);
  assert.match(text, /Asian, Asian British or Asian Welsh\s+8\.5%\s+7\.6% to 9\.6%\s+8\.4%\s+in line/);
  await page.close();
});

test('a bad extract is refused with each problem\'s row and column, and nothing is kept', async () => {
  const page = await app.browser.newPage();
  await signIn(page, app.server.base, 'lead@dudley.example');
  mkdirSync(ARTEFACTS, { recursive: true });
  const bad = `${ARTEFACTS}bad-extract.csv`;
  writeFileSync(bad, readFileSync(`${FIXTURES}hr-small.csv`, 'utf8').replace('E03,M,WBRI,Yes', 'E03,M,WBRI,Perhaps'));
  await upload(page, bad, '2019');
  await page.locator('.govuk-error-summary').waitFor();
  const summary = await page.locator('.govuk-error-summary').innerText();
  assert.match(summary, /Nothing was stored/);
  assert.match(summary, /Column 'Disability': 'Perhaps' is not a category we know, on 1 row \(row 4\)/);
  await check(page, 'HR extract refused');
  await page.goto(`${app.server.base}/workforce`);
  assert.doesNotMatch(await page.locator('main').innerText(), /31 March 2019/);
  await page.close();
});

test('the equality lead reads a recruitment funnel, with leaving rates from a snapshot', async () => {
  const page = await app.browser.newPage();
  await signIn(page, app.server.base, 'lead@dudley.example');
  mkdirSync(ARTEFACTS, { recursive: true });
  // Women shortlisted at 50%, men at 25%: half the women's rate, below four-fifths.
  const rows = ['Applicant,Sex,Stage reached'];
  for (const [sex, shortlisted, appointed] of [['F', 50, 20], ['M', 25, 10]]) {
    for (let i = 0; i < 100; i++) {
      const stage = i < appointed ? 'Appointed' : i < shortlisted ? 'Shortlisted' : 'Applied';
      rows.push(`A${sex}${i},${sex},${stage}`);
    }
  }
  for (let i = 0; i < 12; i++) rows.push(`L${i},${i % 2 ? 'M' : 'F'},Left`);
  const file = `${ARTEFACTS}applications.csv`;
  writeFileSync(file, rows.join('\n') + '\n');

  await page.goto(`${app.server.base}/workforce`);
  await page.getByRole('button', { name: 'Look at a recruitment extract' }).click();
  await page.getByRole('heading', { level: 1, name: 'Recruitment and leavers' }).waitFor();
  await check(page, 'recruitment form');
  await page.getByLabel('Staff in post, for leaving rates (optional)').selectOption({ index: 1 });
  await page.getByLabel('Upload the recruitment extract').setInputFiles(file);
  await page.getByRole('button', { name: 'Show the funnel' }).click();
  const table = page.getByRole('table', { name: 'Sex' });
  await table.waitFor();
  const text = await table.innerText();
  assert.match(text, /25 of 100 applicants/);
  assert.match(text, /0\.50 of the best rate: below four-fifths/);
  assert.match(text, /Fisher's exact test p = 0\.000/);
  assert.match(text, /Stayed/);
  await check(page, 'recruitment funnel');

  // A file with no stage column is refused, and the error leads to the file input.
  writeFileSync(file, 'Applicant,Sex\nA1,F\n');
  await page.getByLabel('Upload the recruitment extract').setInputFiles(file);
  await page.getByRole('button', { name: 'Show the funnel' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Stage reached/);
  await check(page, 'recruitment extract refused');
  await page.close();
});

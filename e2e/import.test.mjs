// Issue 4's web import: upload, check the preview, confirm; the same file again is offered as a
// new version of its plan; a damaged file is refused on the upload page. Each state is checked
// for accessibility (see harness.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { ARTEFACTS, check, signIn, useApp } from './harness.mjs';

const FIXTURES = new URL('../crates/dueregard-formats/tests/fixtures/', import.meta.url).pathname;

const app = useApp();

async function upload(page, base, file) {
  await page.goto(`${base}/plans`);
  await page.getByRole('button', { name: 'Import a plan or objectives' }).click();
  await page.getByLabel('An action plan').check();
  await page.getByLabel('Upload the file').setInputFiles(file);
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('the equality lead imports a plan from an OpenDocument file, once, then as a new version', async () => {
  const page = await app.browser.newPage();
  await signIn(page, app.server.base, 'lead@dudley.example');
  await upload(page, app.server.base, `${FIXTURES}dudley-plan.odt`);
  await page.getByRole('heading', { level: 1, name: 'Check what we found' }).waitFor();
  const body = await page.locator('main').innerText();
  assert.match(body, /Nothing has been saved yet\. 9 priorities, 18 objectives and 40 actions/);
  assert.match(body, /1 thing to check/);
  assert.match(body, /table 1, row \d+: The target 'New guidance/);
  assert.match(body, /Simon Manson \(SM\)/, 'leads are matched to the people the council has');
  assert.equal(await page.getByLabel('Financial year it covers').inputValue(), '2013/14');
  await check(page, 'import preview');

  await page.getByLabel('Title of the plan').fill('Imported equality action plan 2013/14');
  await page.getByRole('button', { name: 'Save the plan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Imported equality action plan 2013/14' }).waitFor();
  assert.match(await page.locator('main').innerText(), /CE18/);

  // The same file again: offered as a new version, refused as a duplicate.
  await upload(page, app.server.base, `${FIXTURES}dudley-plan.odt`);
  assert.match(await page.locator('main').innerText(), /This document was imported before/);
  await page.getByRole('button', { name: 'Save the plan' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /imported before/);
  await check(page, 'import preview with an error');
  await page.getByLabel("Import it as a new version of ‘Imported equality action plan 2013/14’").check();
  await page.getByRole('button', { name: 'Save the plan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Chief Executive' }).or(
    page.getByRole('heading', { level: 1, name: /equality action plan/ })).first().waitFor();
  assert.match(page.url(), /\/plans\/\d+$/);
  await page.close();
});

test('a damaged file is refused with a clear message and nothing is kept', async () => {
  const page = await app.browser.newPage();
  await signIn(page, app.server.base, 'lead@dudley.example');
  mkdirSync(ARTEFACTS, { recursive: true });
  const whole = readFileSync(`${FIXTURES}dudley-plan-lo.docx`);
  const cut = `${ARTEFACTS}cut-short.docx`;
  writeFileSync(cut, whole.subarray(0, whole.length / 2));
  await upload(page, app.server.base, cut);
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /cut-short\.docx: The file could not be opened/);
  await check(page, 'import upload with an error');
  await page.close();
});

test('another body’s plan: the preview says how it was read, and a person joins an objective to the one above', async () => {
  const CORPUS = new URL('../crates/dueregard-formats/tests/corpus/', import.meta.url).pathname;
  const page = await app.browser.newPage();
  await signIn(page, app.server.base, 'lead@dudley.example');
  await upload(page, app.server.base, `${CORPUS}ashby-borough-pdf.txt`);
  await page.getByRole('heading', { level: 1, name: 'Check what we found' }).waitFor();
  let body = await page.locator('main').innerText();
  assert.match(body, /How we read the document/);
  assert.match(body, /Objective EO2 has 2 actions/);
  assert.match(body, /EO2\. Narrow the attainment gap/);
  await page.locator('#join-2').check();
  await page.getByRole('button', { name: 'Read the file again with these choices' }).click();
  await page.getByText("Objective EO2's 2 actions were joined to objective EO1").waitFor();
  body = await page.locator('main').innerText();
  assert.doesNotMatch(body, /EO2\. Narrow the attainment gap/);
  await check(page, 'import preview with an objective joined to the one above');
  // Undone by unticking it.
  await page.locator('#joined-2').uncheck();
  await page.getByRole('button', { name: 'Read the file again with these choices' }).click();
  await page.getByRole('heading', { level: 3, name: /EO2\. Narrow the attainment gap/ }).waitFor();
  await page.close();
});

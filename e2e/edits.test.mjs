// Two people editing the same record at once. Each test makes its own action first, so it
// depends on no other test having run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { check, signIn, useApp } from './harness.mjs';

const app = useApp();
const LEAD = 'lead@dudley.example';
const ADMIN = 'admin@dudley.example';

/** Adds an action to Dudley's first plan as the equality lead; resolves to its edit page's URL. */
async function newAction(page, base, text) {
  await signIn(page, base, LEAD);
  await page.goto(`${base}/plans/1/actions/new`);
  await page.getByLabel('Objective', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('Detailed action or target').fill(text);
  await page.getByLabel('Target date or milestones').fill('By June 2027');
  await page.getByRole('button', { name: 'Save action' }).click();
  await page.getByRole('heading', { level: 1, name: /^Action / }).waitFor();
  return `${page.url()}/edit`;
}

/** Two signed-in people with the same action's edit form open at the same version. */
async function twoEditors(text) {
  const a = await app.browser.newContext();
  const b = await app.browser.newContext();
  const pa = await a.newPage();
  const pb = await b.newPage();
  const edit = await newAction(pa, app.server.base, text);
  await signIn(pb, app.server.base, ADMIN);
  await pa.goto(edit);
  await pb.goto(edit);
  return { a, b, pa, pb, close: async () => { await a.close(); await b.close(); } };
}

describe('two people editing one record', () => {
  test('different fields: the second is shown the merge, saves once, and both changes are kept', async () => {
    const { pa, pb, close } = await twoEditors('Publish the workforce profile (merge test)');
    await pa.getByLabel('Target date or milestones').fill('By September 2027');
    await pa.getByRole('button', { name: 'Save changes' }).click();
    await pa.getByRole('heading', { level: 1, name: /^Action / }).waitFor();

    await pb.getByLabel('Detailed action or target').fill('Publish the workforce profile each March (merge test)');
    await pb.getByRole('button', { name: 'Save changes' }).click();
    await pb.getByRole('heading', { name: 'Your changes were not saved' }).waitFor();
    await check(pb, 'merge page');
    const kept = await pb.locator('#merge-kept').innerText();
    assert.match(kept, /Target date or milestones was changed by Simon Manson/, 'says who changed it');
    assert.match(kept, /By September 2027/);
    // Nothing to choose: the other person's date is already in the form, beside my text.
    assert.equal(await pb.getByRole('group', { name: /^You both changed/ }).count(), 0);
    assert.equal(await pb.getByLabel('Target date or milestones').inputValue(), 'By September 2027');
    assert.equal(await pb.getByLabel('Detailed action or target').inputValue(), 'Publish the workforce profile each March (merge test)');
    await pb.getByRole('button', { name: 'Save changes' }).click();
    await pb.getByRole('heading', { level: 1, name: /^Action / }).waitFor();
    const summary = await pb.locator('.govuk-summary-list').innerText();
    assert.match(summary, /each March \(merge test\)/, 'my change is saved');
    assert.match(summary, /By September 2027/, 'their change was not undone');
    await close();
  });

  test('the same field: the second sees who changed it and chooses which to keep', async () => {
    const { pa, pb, close } = await twoEditors('Train every manager in impact assessment (choice test)');
    await pa.getByLabel('Target date or milestones').fill('By October 2027');
    await pa.getByRole('button', { name: 'Save changes' }).click();
    await pa.getByRole('heading', { level: 1, name: /^Action / }).waitFor();

    await pb.getByLabel('Target date or milestones').fill('By December 2027');
    await pb.getByRole('button', { name: 'Save changes' }).click();
    const choice = pb.getByRole('group', { name: 'You both changed Target date or milestones' });
    await choice.waitFor();
    await check(pb, 'merge page with a choice');
    assert.match(await choice.innerText(), /Simon Manson .* changed it on \d+ \w+ \d{4} at/);

    // Saving without choosing is refused, with an error that leads to the choice.
    await pb.getByRole('button', { name: 'Save changes' }).click();
    const summary = pb.locator('.govuk-error-summary');
    await summary.waitFor();
    await summary.getByRole('link', { name: /Choose which version of target date or milestones to keep/ }).click();
    assert.equal(await pb.evaluate(() => document.activeElement?.name), 'keep-target_text');

    await pb.getByLabel(/Keep your version: By December 2027/).check();
    await pb.getByRole('button', { name: 'Save changes' }).click();
    await pb.getByRole('heading', { level: 1, name: /^Action / }).waitFor();
    assert.match(await pb.locator('.govuk-summary-list').innerText(), /By December 2027/);
    await close();
  });
});

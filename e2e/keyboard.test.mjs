// Journey 7: journey 1 with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrow keys and
// typing), with a visible focus indicator at every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, PASSWORD, useApp } from './harness.mjs';

const app = useApp();

/** True when the focused element shows a focus indicator a sighted keyboard user can see. */
function focusIsVisible(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const s = getComputedStyle(el);
    const seen = (c) => c && c !== 'transparent' && !/rgba\(\d+, \d+, \d+, 0\)/.test(c);
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && seen(s.outlineColor)) return true;
    if (s.boxShadow && s.boxShadow !== 'none') return true;
    if (s.backgroundColor.includes('255, 221, 0')) return true;
    // GOV.UK checkboxes and radios draw their focus ring on the label's ::before.
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      const label = document.querySelector(`label[for="${el.id}"]`);
      return !!label && getComputedStyle(label, '::before').boxShadow !== 'none';
    }
    return false;
  });
}

function describe(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return `${el?.tagName} #${el?.id} "${(el?.textContent || el?.value || '').trim().slice(0, 40)}"`;
  });
}

/** Moves focus with Tab (or Shift+Tab) until `locator` has it, checking focus is seen at each stop. */
async function tabTo(page, locator, { back = false } = {}) {
  const target = await locator.elementHandle();
  for (let i = 0; i < 200; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    assert.ok(await focusIsVisible(page), `focus is visible on ${await describe(page)}`);
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`could not reach ${locator} with the keyboard`);
}

async function typeInto(page, locator, text) {
  await tabTo(page, locator);
  await page.keyboard.type(text);
}

test('7. journey 1 with the keyboard alone, focus visible at every step', async () => {
  const page = await app.browser.newPage();
  const base = app.server.base;
  await page.goto(`${base}/sign-in`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'govuk-skip-link', 'the skip link comes first');
  assert.ok(await focusIsVisible(page));
  await typeInto(page, page.getByLabel('Email address'), 'lead@dudley.example');
  await typeInto(page, page.getByLabel('Password'), PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/`);

  await tabTo(page, page.getByRole('link', { name: 'Equality objectives' }).first());
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Add an equality objective' }));
  await page.keyboard.press('Space');
  await page.getByRole('heading', { level: 1, name: 'Add an equality objective' }).waitFor();
  await typeInto(page, page.getByLabel('Title', { exact: true }), 'Keyboard: accessible services for deaf residents');
  await typeInto(page, page.getByLabel('Description'), 'Offer British Sign Language interpreting on request.');
  await tabTo(page, page.getByLabel('Title', { exact: true }), { back: true });
  await page.keyboard.press('End');
  await page.keyboard.type(' (BSL)');
  await tabTo(page, page.getByLabel('Advance equality of opportunity'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByLabel('Disability'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Save objective' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Keyboard: accessible services for deaf residents (BSL)' }).waitFor();
  const summary = await page.locator('.govuk-summary-list').innerText();
  assert.match(summary, /Advance equality of opportunity/);
  assert.match(summary, /Disability/);

  await tabTo(page, page.getByRole('link', { name: 'Action plans' }).first());
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Add an action plan' }));
  await page.keyboard.press('Enter');
  await typeInto(page, page.getByLabel('Title', { exact: true }), 'Keyboard plan');
  await tabTo(page, page.getByLabel('Draft', { exact: true }));
  await page.keyboard.press('ArrowDown');
  assert.ok(await page.getByLabel('Approved', { exact: true }).isChecked(), 'arrow keys choose a radio');
  await tabTo(page, page.getByRole('button', { name: 'Save plan' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Keyboard plan' }).waitFor();

  await tabTo(page, page.getByRole('button', { name: 'Add a priority' }));
  await page.keyboard.press('Enter');
  await typeInto(page, page.getByLabel('Priority', { exact: true }), 'Communication');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Priority 1. Communication' }).waitFor();

  await tabTo(page, page.getByRole('button', { name: 'Add an objective' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Priority', { exact: true }));
  await page.keyboard.type('Priority 1');
  await typeInto(page, page.getByLabel('Code'), 'K1');
  await typeInto(page, page.getByLabel('Objective', { exact: true }), 'Make council information available in BSL');
  await tabTo(page, page.getByLabel('Jason Whyley (JW)'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Save objective' }));
  await page.keyboard.press('Enter');
  await page.locator('#objective-K1').waitFor();

  for (const [n, text, target] of [[1, 'Film BSL versions of key pages', 'By March'], [2, 'Train contact centre staff in deaf awareness', 'Throughout year']]) {
    await tabTo(page, page.getByRole('button', { name: 'Add an action' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByLabel('Objective', { exact: true }));
    await page.keyboard.type('K1');
    await typeInto(page, page.getByLabel('Action number'), String(n));
    await typeInto(page, page.getByLabel('Detailed action or target'), text);
    await tabTo(page, page.getByLabel('Jason Whyley (JW)'));
    await page.keyboard.press('Space');
    await typeInto(page, page.getByLabel('Target date or milestones'), target);
    await tabTo(page, page.getByRole('button', { name: 'Save action' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Action K1 (${n})` }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'Keyboard plan' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Keyboard plan' }).waitFor();
  }
  assert.match(await page.locator('#objective-K1').innerText(), /\(2\) Train contact centre staff in deaf awareness/);
  await check(page, 'plan built by keyboard');
  await tabTo(page, page.getByRole('link', { name: 'Dashboard' }), { back: true });
  await page.keyboard.press('Enter');
  const row = page.locator('tr', { has: page.getByRole('link', { name: 'Keyboard plan' }) });
  await row.waitFor();
  assert.equal((await row.locator('td').first().innerText()).trim(), '2');
});

test('a resident answers a consultation with the keyboard alone, focus visible at every step', async () => {
  const page = await app.browser.newPage();
  const base = app.server.base;
  // The demo's open consultation.
  await page.goto(`${base}/public/dudley/consultations/2`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'govuk-skip-link', 'the skip link comes first');
  await typeInto(page, page.getByLabel(/^1\. What do you think of the proposed equality priorities\?/), 'Typed without a mouse.');
  const likert = page.getByRole('group', { name: /^4\. The actions in the action plan/ });
  await tabTo(page, likert.getByLabel('Strongly agree'));
  // Arrow keys move through a radio group and choose as they go.
  await page.keyboard.press('ArrowDown');
  assert.ok(await likert.getByLabel('Agree', { exact: true }).isChecked(), 'the arrow key chose "Agree"');
  await tabTo(page, page.getByRole('button', { name: 'Send my response' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Your response has been sent' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Typed without a mouse\./);
  await check(page, 'receipt reached by keyboard');
});

// An administrator runs accounts from the web: adds a user, changes their role, makes a link
// for them to set a password (which they use), and disables them. Every new page is checked
// with axe. Each test sets up what it needs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PASSWORD, check, signIn, useApp } from './harness.mjs';

const app = useApp();
const ADMIN = 'admin@dudley.example';

describe('accounts', () => {
  test('an administrator adds a user, changes their role, resets their password and disables them', async () => {
    const base = app.server.base;
    const admin = await app.browser.newContext();
    const page = await admin.newPage();
    await signIn(page, base, ADMIN);
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await check(page, 'accounts list');

    // Add: a lead officer must be someone; the error says so, with the summary.
    await page.getByRole('button', { name: 'Add a user' }).click();
    await check(page, 'add a user');
    await page.getByLabel('Name').fill('Rosa Adeyemi');
    await page.getByLabel('Email address').fill('rosa.adeyemi@dudley.example');
    await page.getByLabel('Lead officer').check();
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByText('There is a problem').waitFor();
    await check(page, 'add a user, refused');
    await page.getByLabel('Which person are they?').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rosa Adeyemi' }).waitFor();
    assert.match(await page.locator('.govuk-notification-banner').first().innerText(), /Account added/);
    await check(page, 'a user');

    // Change the role.
    await page.getByLabel('Director').check();
    await page.getByRole('button', { name: 'Save role' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rosa Adeyemi' }).waitFor();
    assert.match(await page.locator('.govuk-summary-list').innerText(), /Director/);

    // A link to set a password, shown once; Rosa uses it and signs in.
    await page.getByRole('button', { name: 'Create a link to set a password' }).click();
    const link = (await page.locator('#password-link').innerText()).trim();
    assert.match(link, /\/set-password\/[0-9a-f]{64}$/);
    await check(page, 'a user, with a password link');
    const rosa = await app.browser.newContext();
    const rp = await rosa.newPage();
    await rp.goto(link);
    await check(rp, 'set your password');
    await rp.getByLabel('New password', { exact: true }).fill('short');
    await rp.getByLabel('Confirm new password').fill('short');
    await rp.getByRole('button', { name: 'Set password' }).click();
    await rp.getByText('There is a problem').waitFor();
    const chosen = 'correct horse battery staple';
    await rp.getByLabel('New password', { exact: true }).fill(chosen);
    await rp.getByLabel('Confirm new password').fill(chosen);
    await rp.getByRole('button', { name: 'Set password' }).click();
    await rp.waitForURL(`${base}/sign-in`);
    await rp.getByLabel('Email address').fill('rosa.adeyemi@dudley.example');
    await rp.getByLabel('Password').fill(chosen);
    await rp.getByRole('button', { name: 'Sign in' }).click();
    await rp.waitForURL(`${base}/`);
    // The link works once.
    const again = await rp.goto(link);
    assert.equal(again.status(), 404);

    // Rosa sees her own session on her account page.
    await rp.goto(`${base}/account`);
    await rp.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    assert.match(await rp.locator('table').innerText(), /this browser/);
    await check(rp, 'your account');

    // Disable: her session ends at once.
    await page.reload();
    assert.match(await page.locator('table').innerText(), /Signed in/);
    await page.getByRole('button', { name: 'Disable this account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rosa Adeyemi' }).waitFor();
    assert.match(await page.locator('.govuk-summary-list').innerText(), /Disabled/);
    await rp.goto(`${base}/`);
    await rp.waitForURL(`${base}/sign-in?next=%2F`);

    // The last administrator cannot disable themselves.
    await page.goto(`${base}/admin/users`);
    await page.getByRole('link', { name: 'Manage Demo Administrator' }).click();
    await page.getByRole('button', { name: 'Disable this account' }).click();
    await page.getByText('last administrator').first().waitFor();
    await check(page, 'a user, refused');
    await admin.close();
    await rosa.close();
  });

  test('everyone changes their own password with the current one', async () => {
    const base = app.server.base;
    const ctx = await app.browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, base, 'councillor@dudley.example');
    await page.locator('.dr-account a').first().click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill('a much longer new password');
    await page.getByLabel('Confirm new password').fill('a much longer new password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Enter your current password correctly').first().waitFor();
    await check(page, 'your account, refused');
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('a much longer new password');
    await page.getByLabel('Confirm new password').fill('a much longer new password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password has been changed').waitFor();
    await ctx.close();
  });
});

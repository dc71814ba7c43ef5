// Every kind of page the app serves, for each role that can reach it, in each state (fresh,
// with errors, refused, not found), checked with axe-core at WCAG 2.2 A and AA and for titles,
// headings, landmarks, skip link, reflow at 320px and text at 200%.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, signIn, useApp } from './harness.mjs';

const app = useApp();

async function visit(page, path, label, status = 200) {
  const reply = await page.goto(app.server.base + path);
  assert.equal(reply.status(), status, `${label}: ${path} answers ${status}`);
  await check(page, label, { errorPage: status >= 400 });
}

/** Submits the page's own form untouched or with what `fill` puts in, and checks the error state. */
async function submitWithErrors(page, path, label, fill = async () => {}) {
  await page.goto(app.server.base + path);
  await fill(page);
  await page.locator('main button[type=submit]').click();
  await page.locator('.govuk-error-summary').waitFor();
  await check(page, `${label} with errors`);
}

/** The first link on the page whose address matches. */
async function href(page, pattern) {
  const all = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const found = all.find((h) => h && pattern.test(h));
  assert.ok(found, `a link like ${pattern}`);
  return found;
}

test('pages seen by someone not signed in', async () => {
  const page = await app.browser.newPage();
  await visit(page, '/sign-in', 'sign in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  await check(page, 'sign in with nothing entered');
  await page.getByLabel('Email address').fill('lead@dudley.example');
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a correct email address and password/);
  await visit(page, '/no-such-page', 'not found', 404);
  await visit(page, '/public/dudley/assessments', 'public register of assessments');
  for (const [path, label] of [
    ['/public/dudley', 'public home'], ['/public/dudley/objectives', 'public objectives and progress'],
    ['/public/dudley/plans', 'public action plans'], ['/public/dudley/plans/1', 'a public action plan'],
    ['/public/dudley/accessibility', 'public accessibility statement'],
    ['/public/dudley/dates', 'public cultural and civic dates'], ['/forgot-password', 'forgotten password'],
    ['/public/dudley/publications', 'public list of published reports'],
    ['/public/dudley/publications/1', 'a published report'],
    ['/public/dudley/publications/2', 'published equality information, with charts'],
    ['/public/dudley/publications/3', 'a published gender pay gap report'],
    ['/public/dudley/consultations', 'public list of consultations'],
    ['/public/dudley/indicators', 'public indicators'], ['/public/dudley/partnerships/1', 'a published shared objective'], ['/public/dudley/indicators/1', 'a public indicator by group'],
    ['/public/dudley/consultations/1', 'a closed consultation for the public'],
    ['/public/dudley/consultations/1/summary', 'a published consultation summary'],
    ['/public/dudley/consultations/2', 'the public response form'],
  ]) {
    await visit(page, path, label);
  }
  // The public site needs no JavaScript: with it off, every page still reads and links on.
  const plain = await app.browser.newContext({ javaScriptEnabled: false });
  const noScript = await plain.newPage();
  for (const path of ['/public/dudley', '/public/dudley/publications', '/public/dudley/publications/2']) {
    const reply = await noScript.goto(app.server.base + path);
    assert.equal(reply.status(), 200, `${path} without JavaScript`);
    assert.ok((await noScript.locator('h1').innerText()).length > 0, `${path} has its heading without JavaScript`);
  }
  await noScript.goto(app.server.base + '/public/dudley');
  await noScript.getByRole('link', { name: 'Published reports, with past editions' }).click();
  assert.match(noScript.url(), /\/public\/dudley\/publications$/);
  assert.ok(await noScript.locator('figure, ul.govuk-list li').count() > 0);
  await plain.close();
  await visit(page, '/public/dudley/assessments/1', 'a published assessment');
  await page.close();
});

test('every page an equality lead uses, fresh and with errors', async () => {
  const page = await app.browser.newPage();
  await signIn(page, app.server.base, 'lead@dudley.example');
  for (const [path, label] of [
    ['/', 'dashboard'], ['/my-actions', 'actions you lead'], ['/objectives', 'objectives'], ['/objectives/new', 'new objective'],
    ['/objectives/1', 'objective'], ['/objectives/1/edit', 'edit objective'], ['/plans', 'plans'], ['/plans/new', 'new plan'],
    ['/plans/1', 'plan'], ['/plans/1/edit', 'edit plan'], ['/plans/1/priorities/new', 'new priority'], ['/plans/1/objectives/new', 'new plan objective'],
    ['/plans/1/actions/new', 'new action'], ['/plans/1/glossary/new', 'new glossary entry'], ['/actions/1', 'action'], ['/actions/1/edit', 'edit action'],
    ['/actions/1/updates/new', 'progress update'], ['/people', 'people'], ['/people/new', 'new person'], ['/people/1/edit', 'edit person'],
    ['/directorates/new', 'new directorate'], ['/directorates/1/edit', 'edit directorate'], ['/committees/new', 'new committee'],
    ['/local-characteristics/new', 'new local characteristic'], ['/search', 'search'], ['/search?q=equality', 'search results'],
    ['/search?q=zzzzzz', 'search with no results'], ['/audit', 'audit trail'], ['/objectives/999999', 'unknown objective'],
    ['/workforce', 'workforce'], ['/workforce/new', 'upload an HR extract'], ['/workforce/2', 'workforce snapshot'],
    ['/assessments', 'impact assessments'], ['/assessments?impact=negative&characteristic=age', 'impact assessments filtered'],
    ['/assessments/1', 'impact assessment'], ['/assessments/new', 'new impact assessment'], ['/decisions', 'decisions'], ['/decisions/new', 'new decision'], ['/decisions/1', 'decision with its due-regard check'],
    ['/reports/progress?from=2010-01-01&to=2030-12-31', 'annual progress report'], ['/account', 'your account'],
    ['/plans/1/report', 'the plan as a report'], ['/publications', 'publications'], ['/publications/new', 'start a publication'],
    ['/publications/1', 'a published publication'], ['/publications/1/edit', 'change a publication'], ['/compliance', 'specific duties'],
    ['/plans/1/monitoring', 'monitoring summary'], ['/meetings', 'meetings'], ['/meetings/new', 'add a meeting'], ['/meetings/1/edit', 'change a meeting'],
    ['/civic-dates', 'cultural and civic dates'], ['/civic-dates/new', 'add a cultural or civic date'], ['/civic-dates/1/edit', 'change a cultural or civic date'],
    ['/account/mail', 'emails you get'], ['/account/calendars', 'calendars'],
    ['/consultations', 'consultations'], ['/consultations/new', 'set up a consultation'],
    ['/consultations/1', 'a consultation with who has been heard'], ['/consultations/1/edit', 'change a consultation'],
    ['/consultations/1/questions/new', 'add a question'], ['/consultations/1/questions/1/edit', 'change a question'],
    ['/consultations/1/responses', 'responses'], ['/consultations/1/responses/new', 'key in a response'],
    ['/consultations/1/analysis', 'what people said, with two coders agreeing'], ['/consultations/1/summary', 'a consultation summary'],
    ['/consultations/1/responses/1/code', 'code a response'], ['/consultations/1/changes/new', 'record a change'],
    ['/consultations/2/responses/import', 'bring in responses'], ['/engagement', 'engagement events'], ['/engagement/1', 'an engagement event'],
    ['/engagement/new', 'add an engagement event'], ['/engagement/1/edit', 'change an engagement event'],
    ['/indicators', 'indicators'], ['/indicators/new', 'add an indicator'], ['/indicators/1', 'an indicator by group'],
    ['/indicators/1/edit', 'change an indicator'], ['/indicators/1/values', 'add or replace values'],
    ['/indicators/2', 'an indicator worked out from decisions'], ['/indicators/report', 'the indicators report'],
    ['/incidents', 'hate incidents and community cohesion'], ['/incidents/counts', 'add incident counts'],
    ['/indicators/3', 'an indicator following incident counts'],
    ['/frameworks', 'equality frameworks'], ['/frameworks/new', 'start a self-assessment'], ['/frameworks/1', 'a self-assessment'],
    ['/frameworks/1/edit', 'rate each criterion'],
    ['/partnerships', 'shared objectives'], ['/partnerships/new', 'share an objective'], ['/partnerships/1', 'a shared objective'],
    ['/partnerships/1/edit', 'change a partnership'],
    ['/catalogue', 'actions that work'], ['/plans/1/actions/new?text=Use+structured+interviews&aims=advance_equality&characteristics=sex', 'an action started from the catalogue'],
    ['/training', 'equality training'], ['/training/courses/new', 'add a training course'], ['/training/sessions/new', 'record a training session'],
    ['/budget-rounds', 'budget rounds'], ['/budget-rounds/new', 'start a budget round'], ['/budget-rounds/1', 'a budget round with its matrix'],
    ['/budget-rounds/1/edit', 'change a budget round'], ['/budget-rounds/1/report', 'the cumulative impact report'],
  ]) {
    await visit(page, path, label, path.includes('999999') ? 404 : 200);
  }
  await page.goto(`${app.server.base}/plans/1`);
  const priorityEdit = await href(page, /\/priorities\/\d+\/edit$/);
  const objectiveEdit = await href(page, /\/objectives\/\d+\/edit$/);
  await visit(page, priorityEdit, 'edit priority');
  await visit(page, objectiveEdit, 'edit plan objective');

  for (const [path, label] of [
    ['/objectives/new', 'new objective'], ['/plans/new', 'new plan'], ['/plans/1/priorities/new', 'new priority'],
    ['/plans/1/objectives/new', 'new plan objective'], ['/plans/1/actions/new', 'new action'], ['/plans/1/glossary/new', 'new glossary entry'],
    ['/actions/1/updates/new', 'progress update'], ['/people/new', 'new person'], ['/directorates/new', 'new directorate'],
    ['/committees/new', 'new committee'], ['/local-characteristics/new', 'new local characteristic'],
    ['/assessments/new', 'new impact assessment'], ['/decisions/new', 'new decision'],
    ['/publications/new', 'start a publication'],
  ]) {
    await submitWithErrors(page, path, label, async (p) => {
      // Clear what the form fills in for you, so every required field is missing.
      for (const box of await p.locator('main input[type=text]').all()) await box.fill('');
    });
  }
  await submitWithErrors(page, '/objectives/1/edit', 'edit objective', async (p) => {
    await p.getByLabel('Title', { exact: true }).fill('');
    await p.locator('#approved_on-month').fill('13');
  });
  await submitWithErrors(page, '/plans/1/edit', 'edit plan', async (p) => {
    await p.locator('#period_end-year').fill('2001');
  });
  await submitWithErrors(page, '/actions/1/edit', 'edit action', async (p) => {
    await p.getByLabel('Detailed action or target').fill('');
  });
  await submitWithErrors(page, '/people/1/edit', 'edit person', async (p) => {
    await p.getByLabel('Initials').fill('S1');
  });
  await submitWithErrors(page, '/directorates/1/edit', 'edit directorate', async (p) => {
    await p.getByLabel('Name').fill('');
  });
  await submitWithErrors(page, priorityEdit, 'edit priority', async (p) => {
    await p.getByLabel('Priority number').fill('none');
  });
  await submitWithErrors(page, objectiveEdit, 'edit plan objective', async (p) => {
    await p.getByLabel('Code').fill('C E 1');
  });
  await page.close();
});

test('what a lead officer and a viewer see, including refusals', async () => {
  const officer = await app.browser.newPage();
  await signIn(officer, app.server.base, 'officer@dudley.example');
  await visit(officer, '/', 'dashboard for a lead officer');
  await visit(officer, '/my-actions', 'actions a lead officer leads');
  const own = await href(officer, /\/actions\/\d+\/updates\/new$/);
  await visit(officer, own, 'progress form for a lead officer');
  await visit(officer, '/objectives/new', 'refused to a lead officer', 403);
  await officer.close();

  const viewer = await app.browser.newPage();
  await signIn(viewer, app.server.base, 'councillor@dudley.example');
  await visit(viewer, '/', 'dashboard for a viewer');
  await visit(viewer, '/plans/1', 'plan for a viewer');
  await visit(viewer, '/audit', 'audit refused to a viewer', 403);
  await visit(viewer, '/workforce/1', 'workforce snapshot for a viewer');
  await visit(viewer, '/workforce/new', 'upload refused to a viewer', 403);
  await viewer.close();
});

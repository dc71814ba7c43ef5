// A consultation end to end, as the people who run one and respond to one would: the equality
// lead sets it up and publishes it; the public respond with JavaScript and without; an officer
// keys in a paper response and brings in a survey tool's CSV export; the lead sees who has been
// heard against the census, codes the written answers and records what changed; a director
// approves the summary and the public read it. Every page on the way is checked (axe, reflow).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, checkPage, signIn, useApp } from './harness.mjs';

const app = useApp();

const LEAD = 'lead@dudley.example';
const DIRECTOR = 'director@dudley.example';
const TITLE = 'Library opening hours (browser journey)';

test('a consultation from set-up to the published summary', { timeout: 300_000 }, async () => {
  const base = app.server.base;
  const lead = await (await app.browser.newContext()).newPage();
  await signIn(lead, base, LEAD);

  await lead.getByRole('link', { name: 'Consultations', exact: true }).first().click();
  await check(lead, 'consultations');
  await lead.getByRole('button', { name: 'Set up a consultation' }).click();
  await check(lead, 'set up a consultation');
  await lead.getByLabel('Title', { exact: true }).fill(TITLE);
  await lead.getByLabel('What is proposed, and why').fill('We propose shorter hours on Mondays and longer hours on Saturdays.');
  await lead.getByLabel("The proposal's documents (optional)").fill('Proposed opening hours | https://example.gov.uk/hours.pdf');
  await lead.getByLabel('Area compared with (optional)').fill('Dudley');
  await lead.getByRole('button', { name: 'Save' }).click();
  await lead.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  const page = lead.url();
  await lead.getByRole('button', { name: 'Start from the five questions on equality priorities' }).click();
  await lead.getByRole('link', { name: 'Add a question' }).click();
  await check(lead, 'add a question');
  await lead.getByLabel('Choose one answer').check();
  await lead.getByLabel('The question', { exact: true }).fill('Which library do you use most?');
  await lead.getByLabel('Choices (for the first two kinds)').fill('Central\nBrierley Hill\nStourbridge');
  await lead.getByRole('button', { name: 'Save' }).click();
  await lead.getByRole('button', { name: 'Publish for responses' }).click();
  await check(lead, 'a consultation page');
  const publicUrl = await lead.getByRole('link', { name: /^\/public\/dudley\/consultations\// }).getAttribute('href');

  // The public, with JavaScript.
  const resident = await (await app.browser.newContext()).newPage();
  await resident.goto(`${base}${publicUrl}`);
  await check(resident, 'public response form');
  await resident.getByRole('button', { name: 'Send my response' }).click();
  await resident.locator('.govuk-error-summary').waitFor();
  await checkPage(resident, 'public response form with an error');
  await resident.getByLabel('1. What do you think of the proposed equality priorities? (optional)').fill('Saturdays matter most to working parents.');
  await resident.getByRole('group', { name: /The actions in the action plan/ }).getByLabel('Agree', { exact: true }).check();
  await resident.getByLabel('Brierley Hill').check();
  await resident.getByRole('group', { name: 'What is your age? (optional)' }).getByLabel('25 to 34').check();
  await resident.getByRole('button', { name: 'Send my response' }).click();
  await resident.getByRole('heading', { name: 'Your response has been sent' }).waitFor();
  await check(resident, 'receipt');
  assert.match(await resident.locator('.govuk-panel__body').innerText(), /R[2-9A-Z]{8}/);

  // The public, without JavaScript: an error first, then a response.
  const plain = await (await app.browser.newContext({ javaScriptEnabled: false })).newPage();
  await plain.goto(`${base}${publicUrl}`);
  await plain.getByRole('button', { name: 'Send my response' }).click();
  await plain.locator('.govuk-error-summary').waitFor();
  assert.match(await plain.locator('.govuk-error-summary').innerText(), /Answer at least one question/);
  await plain.getByLabel('2. Has anything been missed from the priorities? (optional)').fill('Evening opening for people who work shifts.');
  await plain.getByRole('button', { name: 'Send my response' }).click();
  await plain.getByRole('heading', { name: 'Your response has been sent' }).waitFor();

  // An officer keys in a paper response.
  await lead.goto(page);
  await lead.getByRole('link', { name: 'Key in a paper or email response' }).click();
  await check(lead, 'key in a response');
  await lead.getByLabel('Paper form, keyed in by an officer').check();
  await lead.getByLabel('5. Is there anything we could do in addition, or differently? (optional)').fill('A mobile library for the villages.');
  await lead.getByRole('button', { name: 'Save the response' }).click();
  await lead.getByRole('heading', { level: 1, name: 'Responses' }).waitFor();
  await check(lead, 'responses');
  assert.match(await lead.locator('main').innerText(), /Paper form, keyed in by an officer/);

  // A survey tool's export.
  await lead.goto(page);
  await lead.getByRole('link', { name: 'Bring in responses from another survey tool' }).click();
  await check(lead, 'bring in responses');
  const csv = 'ID,What do you think of the proposed equality priorities?,Which library do you use most?,Age\n1,Longer Saturdays please,Central,19\n2,Keep Mondays,stourbridge,71\n';
  await lead.getByLabel('The CSV file').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await lead.getByRole('button', { name: 'Continue' }).click();
  await lead.getByRole('heading', { name: 'Check which column holds what' }).waitFor();
  await check(lead, 'column mapping');
  await lead.getByRole('button', { name: 'Bring in the responses' }).click();
  await lead.getByText('2 responses brought in').waitFor();

  // Who has been heard, against the census.
  await lead.goto(page);
  await lead.getByRole('heading', { name: 'Who has been heard' }).waitFor();
  assert.match(await lead.locator('main').innerText(), /5 counted/);
  assert.match(await lead.locator('main').innerText(), /Census 2021/);

  // Code the written answers and record what changed.
  await lead.getByRole('link', { name: 'Code the written answers and record what changed' }).click();
  await check(lead, 'what people said');
  await lead.getByLabel('Themes').fill('Saturdays: weekend opening\nEvenings: opening after work\nOutreach: mobile and village services');
  await lead.getByRole('button', { name: 'Save the code frame' }).click();
  await lead.getByRole('button', { name: 'Code the next response' }).click();
  await check(lead, 'code a response');
  for (let n = 0; n < 10 && (await lead.getByRole('button', { name: 'Save and code the next' }).count()) > 0; n += 1) {
    const said = await lead.getByLabel('What they said').inputValue();
    if (/Saturday/i.test(said)) await lead.getByLabel('Saturdays').check();
    if (/Evening/i.test(said)) await lead.getByLabel('Evenings').check();
    if (/mobile|village/i.test(said)) await lead.getByLabel('Outreach').check();
    await lead.getByRole('button', { name: 'Save and code the next' }).click();
    await lead.waitForLoadState();
  }
  await lead.getByRole('heading', { level: 1, name: 'What people said' }).waitFor();
  assert.match(await lead.locator('main').innerText(), /0 not yet coded/);
  await lead.getByRole('link', { name: 'Record a change made because of what was heard' }).click();
  await check(lead, 'record a change');
  await lead.getByLabel('You said').fill('Saturdays matter more than Mondays.');
  await lead.getByLabel('We did').fill('Saturday opening runs to 5pm at every library.');
  await lead.getByLabel('Saturdays').check();
  await lead.getByRole('button', { name: 'Save' }).click();
  await lead.getByRole('heading', { level: 1, name: 'What people said' }).waitFor();

  // It closes: the lead sets the dates it ran, and a director approves the summary.
  await lead.goto(page);
  await lead.getByRole('link', { name: 'Change the details' }).click();
  for (const [field, [d, m, y]] of [['Opens on', ['5', '1', '2026']], ['Closes on', ['30', '3', '2026']]]) {
    const group = lead.getByRole('group', { name: field });
    await group.getByLabel('Day').fill(d);
    await group.getByLabel('Month').fill(m);
    await group.getByLabel('Year').fill(y);
  }
  await lead.getByRole('button', { name: 'Save' }).click();
  await lead.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  const director = await (await app.browser.newContext()).newPage();
  await signIn(director, base, DIRECTOR);
  await director.goto(`${page}/summary`);
  await check(director, 'summary before approval');
  await director.getByRole('button', { name: 'Approve and publish the summary' }).click();
  await director.getByText('It is on the public site.').waitFor();

  await resident.goto(`${base}${publicUrl}/summary`);
  await check(resident, 'public summary');
  const summary = await resident.locator('main').innerText();
  assert.match(summary, /You said, we did/);
  assert.match(summary, /Saturday opening runs to 5pm at every library\./);
  assert.match(summary, /Themes in the written answers/);
  await resident.goto(`${base}/public/dudley/consultations`);
  await check(resident, 'public consultations');
  await resident.getByRole('link', { name: 'What we heard, and what we changed' }).first().waitFor();
});

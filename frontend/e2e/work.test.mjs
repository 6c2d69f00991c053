// The plan, the working group's roster and the assignment matrix in a real browser, against
// the server `cargo xtask test --only browser` starts (see app.test.mjs).
//
// Set up over the API as the admin: a plan with three items, a working group with two
// members, and one assignment. Then, in the browser as the admin: the plan shows its item
// tree; the roster lists both members; the matrix marks the first member's target group,
// shows the gaps; the admin assigns the same target group and region to the second member
// through the form, and the grid and the coverage panel then show the overlap, in
// Vietnamese and in English, on a desktop and on a phone. Screenshots go to
// target/screenshots/work-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  VIEWPORTS,
  WAIT_MS,
  api,
  apiToken,
  describePage,
  launchChromium,
  screenshot,
  settings,
  submitLogin,
  visible,
} from './lib.mjs';

const stamp = Date.now().toString(36);
const RELIGIOUS = { vi: 'Chức sắc tôn giáo', en: 'Religious dignitaries' };

let config;
let browser;
let token;
const pageErrors = [];
const made = {};

/** Calls the API as the admin and insists on success; the body. */
async function admin(method, urlPath, body) {
  const response = await api(config.baseUrl, method, urlPath, { token, body });
  if (response.status >= 300) {
    throw new Error(`${method} ${urlPath} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

async function signedInPage(viewport) {
  const context = await browser.newContext({ baseURL: config.baseUrl, ...viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  await page.goto('/');
  await submitLogin(page, config.adminUsername, config.adminPassword);
  await visible(page, 'logout', 'the admin signed in');
  return page;
}

/** The matrix row of the member called `name`. */
function matrixRow(page, name) {
  return page.getByTestId('grid-target-groups').getByTestId('matrix-row').filter({ hasText: name });
}

before(async () => {
  config = settings();
  fs.mkdirSync(config.screenshotDir, { recursive: true });
  browser = await launchChromium(config.chromium);
  token = await apiToken(config.baseUrl, config.adminUsername, config.adminPassword);

  made.plan = await admin('POST', '/api/v1/plans', {
    number: `E2E-${stamp}/KH`,
    title: 'Kế hoạch thử nghiệm công tác dân vận',
    issuing_body: 'Ban Dân vận Trung ương',
    issued_on: '2021-09-13',
    status: 'in_force',
  });
  const item = (number, title, parent) =>
    admin('POST', `/api/v1/plans/${made.plan.id}/items`, { number, title, parent_id: parent?.id, body: `Nội dung mục ${number}.` });
  const one = await item('I', 'MỤC ĐÍCH, YÊU CẦU');
  await item('I.1', 'Mục đích', one);
  await item('II', 'NỘI DUNG');

  made.group = await admin('POST', '/api/v1/working-groups', { name: `Tổ công tác E2E ${stamp}`, plan_id: made.plan.id });
  made.members = [];
  for (const [index, name] of ['Thành viên Bắc E2E', 'Thành viên Nam E2E'].entries()) {
    const user = await admin('POST', '/api/v1/users', {
      username: `matrix-${index}-${stamp}`,
      display_name: name,
      role: 'member',
      password: `mật-khẩu-${stamp}-${index}`,
    });
    await admin('POST', `/api/v1/working-groups/${made.group.id}/members`, { user_id: user.id, position: 'member', joined_on: '2021-09-13' });
    made.members.push(user);
  }
  const targetGroups = await admin('GET', '/api/v1/target-groups?active=true');
  made.religious = targetGroups.find((entry) => entry.code === 'religious_dignitaries');
  const groups = await admin('GET', '/api/v1/area-groups?layout=2021&limit=200');
  made.north = groups.items.find((group) => group.code === 'north-2021');
  assert.ok(made.religious && made.north, 'the default target groups and area groups are loaded');
  await admin('POST', `/api/v1/working-groups/${made.group.id}/assignments`, {
    user_id: made.members[0].id,
    target_group_ids: [made.religious.id],
    area_group_ids: [made.north.id],
    valid_from: '2021-09-15',
  });
});

after(async () => {
  await browser?.close();
});

test('the plan, the roster and the matrix, with an assignment made in the form', { timeout: 240_000 }, async () => {
  const page = await signedInPage(VIEWPORTS.desktop);
  const [north, south] = made.members.map((member) => member.display_name);

  // The plan's item tree, I.1 under I.
  await page.goto('/plans');
  await (await visible(page, 'plans-table', 'the plan list')).getByText(made.plan.number).click();
  await visible(page, 'plan-head', 'the plan page');
  const numbers = await page.getByTestId('plan-item').evaluateAll((items) => items.map((item) => item.dataset.number));
  assert.deepEqual(numbers, ['I', 'I.1', 'II'], `the plan's items, in order: ${await describePage(page)}`);
  const nested = await page.locator('[data-testid="plan-item"][data-number="I"] [data-testid="plan-item"][data-number="I.1"]').count();
  assert.equal(nested, 1, 'I.1 sits inside I');
  await screenshot(page, config.screenshotDir, 'work-plan-desktop');

  // The roster.
  await page.goto(`/working-groups/${made.group.id}`);
  const roster = await visible(page, 'roster-table', 'the roster');
  await roster.getByTestId('roster-row').nth(1).waitFor({ timeout: WAIT_MS });
  assert.equal(await roster.getByTestId('roster-row').count(), 2, 'both members are on the roster');
  await screenshot(page, config.screenshotDir, 'work-roster-desktop');

  // The matrix: the first member's target group is marked, gaps are shown.
  await page.goto(`/working-groups/${made.group.id}/assignments`);
  await visible(page, 'grid-target-groups', 'the target group grid');
  await matrixRow(page, north).locator('[data-assigned="true"]').first().waitFor({ timeout: WAIT_MS });
  assert.equal(await matrixRow(page, south).locator('[data-assigned="true"]').count(), 0, `${south} has no assignment yet`);
  await visible(page, 'uncovered-provinces', 'the provinces nobody covers');
  assert.ok((await page.locator('th.gap').count()) > 0, 'target groups nobody covers are marked as gaps');

  // The admin assigns the same target group and region to the second member.
  await (await visible(page, 'assignment-new', 'the assign button')).click();
  await (await visible(page, 'assignment-new-user', 'the member picker')).selectOption({ label: south });
  await page.getByTestId('assignment-new-target-groups').getByLabel(RELIGIOUS.vi).check();
  await page.getByTestId('assignment-new-area-groups').getByLabel(/north-2021/).check();
  await page.getByTestId('assignment-submit').click();
  try {
    await matrixRow(page, south).locator('[data-assigned="true"]').first().waitFor({ timeout: WAIT_MS });
  } catch {
    const errors = await page.locator('[data-testid^="field-error-"]').allTextContents();
    throw new Error(`the new assignment is not in the grid; field errors: ${JSON.stringify(errors)}; ${await describePage(page)}`);
  }
  const overlaps = await visible(page, 'overlaps', 'the overlaps of the two members');
  const sentence = (await overlaps.innerText()).replace(/\s+/g, ' ');
  assert.ok(sentence.includes(north) && sentence.includes(south) && sentence.includes(RELIGIOUS.vi), `the overlap names both members and the target group: ${sentence}`);
  assert.ok((await page.locator('td.overlap').count()) >= 2, 'both cells of the overlap are highlighted');
  await screenshot(page, config.screenshotDir, 'work-matrix-desktop');

  // The same page in English.
  await (await visible(page, 'lang-switch')).click();
  await page.getByTestId('grid-target-groups').getByText(RELIGIOUS.en).first().waitFor({ timeout: WAIT_MS });
  await screenshot(page, config.screenshotDir, 'work-matrix-en-desktop');
  await (await visible(page, 'lang-switch')).click();

  // On a phone the grid scrolls inside its box; the page itself is no wider than the screen.
  const phone = await signedInPage(VIEWPORTS.phone);
  await phone.goto(`/working-groups/${made.group.id}/assignments`);
  await visible(phone, 'grid-target-groups', 'the target group grid on a phone');
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= VIEWPORTS.phone.viewport.width + 1, `the matrix page is ${wide} px wide on a 360 px screen`);
  await screenshot(phone, config.screenshotDir, 'work-matrix-phone');

  assert.deepEqual(pageErrors, [], 'no uncaught error on these pages');
});

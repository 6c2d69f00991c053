// The task flow in a real browser (Debian's headless Chromium through playwright-core),
// against the server `cargo xtask test --only browser` starts (see app.test.mjs).
//
// Set up over the API as the admin: a group head "totruong-e2e" and a member
// "thanhvien-e2e". Then, in the browser: the head assigns a task to the member, due
// tomorrow; the member finds it on their home page, sees the bell, accepts it, starts it,
// reports 50 % and marks it done; the head verifies it and reads the whole timeline, in
// Vietnamese and then in English. The list's export, the board and the notifications are
// checked on the way. Screenshots go to target/screenshots/tasks-*.png.
//
// The steps run in order; one whose prerequisite failed is skipped, naming it.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  VIEWPORTS,
  WAIT_MS,
  api,
  apiEnsureUser,
  apiToken,
  describePage,
  launchChromium,
  screenshot,
  settings,
  steps,
  shownNumber,
  submitLogin,
  visible,
} from './lib.mjs';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const stamp = Date.now().toString(36);

const head = { username: 'totruong-e2e', displayName: 'Tổ trưởng E2E', role: 'group_head', password: `Tổ-trưởng-${stamp}` };
const member = {
  username: 'thanhvien-e2e',
  displayName: 'Thành viên E2E',
  role: 'member',
  password: `Thành-viên-${stamp}`,
};
const task = { title: `Vận động hội viên tham gia E2E ${stamp}`, id: undefined };

/** The labels of the statuses the flow goes through, as the domain words them. */
const STATUS = {
  vi: { new: 'Mới', accepted: 'Đã nhận', in_progress: 'Đang thực hiện', done: 'Đã xong', verified: 'Đã kiểm tra' },
  en: { new: 'New', accepted: 'Accepted', in_progress: 'In progress', done: 'Done', verified: 'Verified' },
};

/** Tomorrow in Vietnam (UTC+7), as a date input takes it. */
function tomorrowInVietnam() {
  const vietnam = new Date(Date.now() + 7 * 3600 * 1000);
  vietnam.setUTCDate(vietnam.getUTCDate() + 1);
  return vietnam.toISOString().slice(0, 10);
}


describe('Tasks: assign, work, verify', () => {
  let config;
  let browser;
  let context;
  let page;
  const pageErrors = [];

  const step = steps({ prefix: 'tasks-', pageOf: () => page, timeout: 180_000 });

  async function login(user) {
    // Signed out whatever an earlier (failed) step left: the steps log out themselves.
    await page.goto('/');
    await page.evaluate(() => localStorage.removeItem('danvan.tokens'));
    await page.goto('/');
    await submitLogin(page, user.username, user.password);
    await visible(page, 'logout', `${user.username} signed in`);
  }

  async function logout() {
    await (await visible(page, 'logout')).click();
    await visible(page, 'login-username', 'the login form after logging out');
  }

  /** Waits until the task's status badge says `label`. */
  async function statusIs(label) {
    try {
      await page.getByTestId('task-status').filter({ hasText: label }).first().waitFor({ timeout: WAIT_MS });
    } catch {
      const shown = await page.getByTestId('task-status').first().textContent().catch(() => '(none)');
      throw new Error(`the task's status shows ${JSON.stringify(shown)}, not ${JSON.stringify(label)}; ${await describePage(page)}`);
    }
  }

  /** Clicks the move to `status` and waits for the badge to say `label`. */
  async function move(status, label) {
    await (await visible(page, `task-move-${status}`, `the button that moves the task to ${status}`)).click();
    await statusIs(label);
  }

  /** The texts of the timeline's entries, whitespace folded. */
  async function timeline() {
    await visible(page, 'timeline-entry', 'the timeline');
    return (await page.getByTestId('timeline-entry').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  }

  before(async () => {
    config = settings();
    fs.mkdirSync(config.screenshotDir, { recursive: true });
    browser = await launchChromium(config.chromium);
    context = await browser.newContext({ baseURL: config.baseUrl, ...VIEWPORTS.desktop, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  });

  after(async () => {
    await browser?.close();
  });

  step('setup', 'the admin makes a group head and a member through the API', [], async (t) => {
    const token = await apiToken(config.baseUrl, config.adminUsername, config.adminPassword);
    for (const user of [head, member]) await apiEnsureUser(config.baseUrl, token, user);
    t.diagnostic(`${head.username} = ${head.id}, ${member.username} = ${member.id}`);
  });

  step('assign', 'the head assigns a task due tomorrow to the member and sees it in the list', ['setup'], async (t) => {
    await login(head);
    await page.goto('/tasks/new');
    await (await visible(page, 'task-form-title', 'the task form')).fill(task.title);
    await page.getByTestId('task-form-description').fill('Tổ chức buổi gặp mặt, vận động hội viên ở địa bàn.');
    await page.getByTestId('task-form-due-on').fill(tomorrowInVietnam());
    await page.getByTestId('task-form-priority').selectOption('high');
    await (await visible(page, 'task-form-users-filter', 'the people picker')).fill(member.username);
    const people = page.getByTestId('task-form-users');
    try {
      await people.getByLabel(new RegExp(member.username)).check({ timeout: WAIT_MS });
    } catch {
      throw new Error(`${member.username} cannot be picked as an assignee; ${await describePage(page)}`);
    }
    await page.getByTestId('task-submit').click();
    try {
      await page.waitForURL((url) => UUID.test(url.pathname) && !url.pathname.endsWith('/edit'), { timeout: WAIT_MS });
    } catch {
      const errors = await page.locator('[data-testid^="field-error-"]').allTextContents();
      throw new Error(`the task form stayed open; field errors: ${JSON.stringify(errors)}; ${await describePage(page)}`);
    }
    task.id = new URL(page.url()).pathname.match(UUID)[0];
    await visible(page, 'task-detail', 'the new task');
    await statusIs(STATUS.vi.new);
    t.diagnostic(`task ${task.id}: ${task.title}`);

    await (await visible(page, 'nav-tasks')).click();
    const table = await visible(page, 'tasks-table', 'the task list');
    try {
      await table.getByTestId('task-row').filter({ hasText: task.title }).first().waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the new task is not in tasks-table; ${await describePage(page)}`);
    }
    const row = (await table.getByTestId('task-row').filter({ hasText: task.title }).first().innerText()).replace(/\s+/g, ' ');
    assert.match(row, new RegExp(member.displayName), `the row names the assignee: ${row}`);
    await screenshot(page, config.screenshotDir, 'tasks-list-desktop');
  });

  step('export', 'the list exports the rows on screen as CSV and as Excel', ['assign'], async (t) => {
    await page.goto(`/tasks?q=${encodeURIComponent(task.title)}`);
    await visible(page, 'task-row', 'the list filtered by the link');
    assert.equal(await page.getByTestId('tasks-filter-q').inputValue(), task.title, 'the search box shows the filter of the URL');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: WAIT_MS }),
      page.getByTestId('tasks-export-csv').click(),
    ]);
    const file = await download.path();
    const csv = fs.readFileSync(file, 'utf8');
    t.diagnostic(`${download.suggestedFilename()}: ${csv.split('\n').length} lines`);
    assert.match(download.suggestedFilename(), /\.csv$/);
    assert.ok(csv.includes(task.title), `the export holds the task: ${csv.slice(0, 300)}`);
    assert.equal(csv.trim().split('\n').length, 2, 'the header and the one row on screen');
    const [workbook] = await Promise.all([
      page.waitForEvent('download', { timeout: WAIT_MS }),
      page.getByTestId('tasks-export-xlsx').click(),
    ]);
    assert.match(workbook.suggestedFilename(), /\.xlsx$/);
    const bytes = fs.readFileSync(await workbook.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'the Excel file is a zip, as XLSX is');
    await logout();
  });

  step('work', 'the member finds the task at home, sees the bell, accepts, starts, reports 50% and finishes', ['assign'], async (t) => {
    await login(member);
    const home = await visible(page, 'my-tasks', "the member's home page: my tasks");
    try {
      await home.getByTestId('task-row').filter({ hasText: task.title }).first().waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the assigned task is not on the member's home page; ${await describePage(page)}`);
    }
    await visible(page, 'my-due-soon', 'a task due tomorrow is under "due soon"');
    const bell = await shownNumber(page, 'bell-count');
    assert.ok(bell.value >= 1, `the bell shows ${bell.text}`);
    t.diagnostic(`the bell shows ${bell.text}`);
    await screenshot(page, config.screenshotDir, 'tasks-my-tasks-desktop');

    await home.getByTestId('task-row').filter({ hasText: task.title }).getByTestId('task-link').first().click();
    await visible(page, 'task-detail', 'the task page');
    await statusIs(STATUS.vi.new);
    await move('accepted', STATUS.vi.accepted);
    await move('in_progress', STATUS.vi.in_progress);

    const percent = await visible(page, 'task-progress-percent', 'the progress form');
    await percent.fill('50');
    await page.getByTestId('task-progress-comment').fill('Đã gặp 30 hội viên, còn 2 chi hội.');
    await page.getByTestId('task-progress-submit').click();
    try {
      await page.locator('[data-testid="timeline-entry"][data-kind="progress"]').filter({ hasText: '50%' }).first()
        .waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the 50% report is not on the timeline; ${await describePage(page)}`);
    }
    await move('done', STATUS.vi.done);
    assert.equal(await page.getByTestId('task-move-verified').count(), 0, 'only a manager verifies');
    await screenshot(page, config.screenshotDir, 'tasks-detail-member-desktop');
    await logout();
  });

  step('verify', 'the head verifies the task; the timeline tells the whole story', ['work'], async (t) => {
    await login(head);
    await page.goto(`/tasks/${task.id}`);
    await visible(page, 'task-detail', 'the task page');
    await statusIs(STATUS.vi.done);
    await move('verified', STATUS.vi.verified);
    const entries = await timeline();
    t.diagnostic(`timeline:\n${entries.join('\n')}`);
    const kinds = await page.getByTestId('timeline-entry').evaluateAll((items) => items.map((item) => item.dataset.kind));
    assert.deepEqual(kinds, ['created', 'moved', 'moved', 'progress', 'moved', 'moved'], `timeline kinds: ${kinds}`);
    const expected = [
      'Tạo nhiệm vụ',
      `${STATUS.vi.new} → ${STATUS.vi.accepted}`,
      `${STATUS.vi.accepted} → ${STATUS.vi.in_progress}`,
      '50%',
      `${STATUS.vi.in_progress} → ${STATUS.vi.done}`,
      `${STATUS.vi.done} → ${STATUS.vi.verified}`,
    ];
    expected.forEach((text, index) => assert.ok(entries[index]?.includes(text), `entry ${index} ${JSON.stringify(entries[index])} lacks ${JSON.stringify(text)}`));
    assert.ok(entries[3].includes('Đã gặp 30 hội viên'), 'the progress comment shows');
    assert.ok(entries[1].includes(member.displayName), 'each entry names who acted');
    await screenshot(page, config.screenshotDir, 'tasks-detail-vi-desktop');
  });

  step('english', 'after switching the language the task page reads in English', ['verify'], async () => {
    await (await visible(page, 'lang-switch')).click();
    await statusIs(STATUS.en.verified);
    const entries = await timeline();
    for (const text of ['Created the task', `Status: ${STATUS.en.new} → ${STATUS.en.accepted}`, 'Progress: 50%', `${STATUS.en.done} → ${STATUS.en.verified}`]) {
      assert.ok(entries.some((entry) => entry.includes(text)), `no timeline entry says ${JSON.stringify(text)}: ${JSON.stringify(entries)}`);
    }
    await screenshot(page, config.screenshotDir, 'tasks-detail-en-desktop');
    await (await visible(page, 'lang-switch')).click();
    await statusIs(STATUS.vi.verified);
  });

  step('board', 'the board shows the task under "verified"', ['verify'], async () => {
    await page.goto(`/tasks/board?q=${encodeURIComponent(task.title)}`);
    const column = await visible(page, 'board-column-verified', 'the board');
    try {
      await column.getByTestId('board-card').filter({ hasText: task.title }).first().waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the task is not in the verified column; ${await describePage(page)}`);
    }
    await screenshot(page, config.screenshotDir, 'tasks-board-desktop');
  });

  step('notifications', "the head's notifications tell of the member's moves and open the task", ['verify'], async () => {
    await page.goto('/notifications');
    const item = page.getByTestId('notification').filter({ hasText: task.title }).first();
    try {
      await item.waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`no notification about the task; ${await describePage(page)}`);
    }
    await screenshot(page, config.screenshotDir, 'tasks-notifications-desktop');
    await item.getByTestId('notification-link').click();
    await visible(page, 'task-detail', 'the task a notification opens');
    assert.ok(new URL(page.url()).pathname.endsWith(task.id));
  });

  step('screenshots', 'the task pages on a phone (360 px)', ['verify'], async () => {
    const state = await context.storageState();
    const phone = await browser.newContext({ baseURL: config.baseUrl, ...VIEWPORTS.phone, storageState: state });
    const small = await phone.newPage();
    small.on('pageerror', (error) => pageErrors.push(`${small.url()}: ${error.message}`));
    const problems = [];
    try {
      for (const [name, url, marker] of [
        ['list', '/tasks', 'tasks-table'],
        ['board', '/tasks/board', 'task-board'],
        ['detail', `/tasks/${task.id}`, 'task-timeline'],
        ['new', '/tasks/new', 'task-form-title'],
        ['notifications', '/notifications', 'notifications'],
      ]) {
        await small.goto(url);
        try {
          await visible(small, marker);
          const wide = await small.evaluate(() => document.documentElement.scrollWidth);
          if (wide > 360 + 1) problems.push(`${name}: the page is ${wide} px wide at 360 px`);
        } catch (error) {
          problems.push(`${name}: ${error.message}`);
        }
        await screenshot(small, config.screenshotDir, `tasks-${name}-phone`);
      }
    } finally {
      await phone.close();
    }
    assert.deepEqual(problems, []);
  });

  step('page-errors', 'no uncaught error in any task page', ['setup'], async () => {
    assert.deepEqual(pageErrors, [], 'uncaught errors (a panic of the app shows here)');
  });
});

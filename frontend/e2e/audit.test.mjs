// The audit log in a real browser (Debian's headless Chromium through playwright-core),
// against the server `cargo xtask test --only browser` starts (see app.test.mjs).
//
// Set up over the API: the admin makes a member "kiemtra-e2e", assigns a task to them,
// and the member accepts it (a status change). Then, in the browser, the admin reads the
// audit log in Vietnamese: no entity or action cell shows a code of the vocabulary (the
// codes come from the server's own OpenAPI document, so a new entity or action is checked
// the moment it exists), the task's rows name it by its title and link to its page, and
// the filters offer every entity and action. Screenshot: target/screenshots/audit-vi.png.
//
// The steps run in order; one whose prerequisite failed is skipped, naming it.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
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
  submitLogin,
  visible,
} from './lib.mjs';

const stamp = Date.now().toString(36);
const member = { username: 'kiemtra-e2e', displayName: 'Người kiểm tra E2E', role: 'member', password: `Kiểm-tra-${stamp}` };
const task = { title: `Rà soát nhật ký E2E ${stamp}`, id: undefined };
/** The vocabulary, from the server's OpenAPI document. */
const codes = { entity: [], action: [] };


/** The ETag of `urlPath`, read with `token`. */
async function etagOf(baseUrl, token, urlPath) {
  const response = await fetch(`${baseUrl}${urlPath}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET ${urlPath} answered ${response.status}`);
  return response.headers.get('etag');
}

describe('Audit log: every entity and action in words, every record by name', () => {
  let config;
  let browser;
  let context;
  let page;

  const step = steps({ prefix: 'audit-', pageOf: () => page, timeout: 180_000 });

  /** The trimmed texts of every `data-testid` = `id` on the page. */
  async function texts(id) {
    return (await page.getByTestId(id).allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  }

  /** Asserts that no entity or action cell on the page reads as a code. */
  async function noRawCodes(where) {
    for (const [kind, list] of Object.entries(codes)) {
      const shown = await texts(`audit-${kind}`);
      assert.ok(shown.length > 0, `${where}: no audit-${kind} cells; ${await describePage(page)}`);
      const raw = shown.filter((text) => list.includes(text) || text === '' || text === '…');
      assert.deepEqual(raw, [], `${where}: audit-${kind} cells show codes or nothing: ${JSON.stringify(raw)}`);
    }
  }

  before(async () => {
    config = settings();
    fs.mkdirSync(config.screenshotDir, { recursive: true });
    browser = await launchChromium(config.chromium);
    context = await browser.newContext({ baseURL: config.baseUrl, ...VIEWPORTS.desktop, locale: 'vi-VN' });
    // The reader chose Vietnamese (it is also the default).
    await context.addInitScript(() => localStorage.setItem('danvan.lang', JSON.stringify('vi')));
    page = await context.newPage();
  });

  after(async () => {
    await browser?.close();
  });

  step('setup', 'over the API: a member, a task assigned to them, and the member accepts it', [], async (t) => {
    const { status, body } = await api(config.baseUrl, 'GET', '/api/v1/openapi.json');
    assert.equal(status, 200, 'the OpenAPI document');
    codes.entity = body.components.schemas.AuditEntity.enum;
    codes.action = body.components.schemas.AuditAction.enum;
    assert.ok(codes.entity.includes('task') && codes.action.includes('transition'), JSON.stringify(codes));

    const admin = await apiToken(config.baseUrl, config.adminUsername, config.adminPassword);
    await apiEnsureUser(config.baseUrl, admin, member);
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const created = await api(config.baseUrl, 'POST', '/api/v1/tasks', {
      token: admin,
      body: { title: task.title, description: '', assignee_user_ids: [member.id], due_on: due },
    });
    assert.equal(created.status, 201, `creating the task: ${JSON.stringify(created.body)}`);
    task.id = created.body.id;

    const worker = await apiToken(config.baseUrl, member.username, member.password);
    const etag = await etagOf(config.baseUrl, worker, `/api/v1/tasks/${task.id}`);
    const moved = await api(config.baseUrl, 'POST', `/api/v1/tasks/${task.id}/transitions`, {
      token: worker,
      headers: { 'if-match': etag },
      body: { to: 'accepted', comment: 'Đã nhận việc' },
    });
    assert.equal(moved.status, 200, `accepting the task: ${JSON.stringify(moved.body)}`);
    t.diagnostic(`task ${task.id}: ${task.title}; ${codes.entity.length} entities, ${codes.action.length} actions`);
  });

  step('read', 'the admin reads the audit log in Vietnamese: words, not codes, and the task by its title', ['setup'], async (t) => {
    await page.goto('/');
    await submitLogin(page, config.adminUsername, config.adminPassword);
    await visible(page, 'logout', 'the admin signed in');
    await (await visible(page, 'nav-audit')).click();
    await visible(page, 'audit-table', 'the audit log');
    await visible(page, 'audit-row', 'an audit log with entries');
    await noRawCodes('the latest entries');

    const rows = page.getByTestId('audit-row').filter({ hasText: task.title });
    try {
      await rows.first().waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`no audit-row names the task "${task.title}"; ${await describePage(page)}`);
    }
    assert.equal(await rows.count(), 2, 'the task was created and moved once');
    const link = rows.first().getByTestId('audit-record-link');
    assert.equal((await link.innerText()).trim(), task.title, 'the record is shown by its title');
    assert.equal(await link.getAttribute('href'), `/tasks/${task.id}`, 'and links to the task');
    const words = (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()).join(' | ');
    assert.match(words, /Chuyển trạng thái/, `the move is worded: ${words}`);
    assert.match(words, /Nhiệm vụ/, `the entity is worded: ${words}`);
    const cells = await rows.getByTestId('audit-record').allInnerTexts();
    assert.ok(!cells.some((cell) => cell.includes(task.id)), `no bare id where a label exists: ${JSON.stringify(cells)}`);
    t.diagnostic(`rows of the task: ${words}`);
    await screenshot(page, config.screenshotDir, 'audit-vi');
  });

  step('filter', 'the filters offer every entity and action, worded, and select the task\'s status changes', ['read'], async () => {
    for (const kind of ['entity', 'action']) {
      const options = await page.getByTestId(`audit-filter-${kind}`).locator('option').evaluateAll((nodes) =>
        nodes.map((node) => ({ value: node.value, text: node.textContent.trim() })),
      );
      const offered = options.map((option) => option.value).filter((value) => value !== '');
      assert.deepEqual([...offered].sort(), [...codes[kind]].sort(), `the ${kind} filter offers the whole vocabulary`);
      const raw = options.filter((option) => option.value !== '' && option.text === option.value);
      assert.deepEqual(raw, [], `${kind} options read as their codes`);
    }
    await page.getByTestId('audit-filter-entity').selectOption('task');
    await page.getByTestId('audit-filter-action').selectOption('transition');
    const rows = page.getByTestId('audit-row').filter({ hasText: task.title });
    try {
      await page.waitForFunction(
        () => {
          const cells = [...document.querySelectorAll('[data-testid="audit-action"]')];
          return cells.length > 0 && cells.every((cell) => cell.dataset.code === 'transition');
        },
        null,
        { timeout: WAIT_MS },
      );
      await rows.first().waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`filtered by task and status change, the list shows other rows or not the task; ${await describePage(page)}`);
    }
    assert.equal(await rows.count(), 1, 'one status change of the task');
    await noRawCodes('filtered by task and status change');
  });
});

// The web app in a real browser (Debian's headless Chromium through playwright-core),
// against a running server with a fresh database: `cargo xtask test --only browser` starts
// one and passes its URL and the admin's password as E2E_BASE_URL and E2E_ADMIN_PASSWORD.
//
// The tests run in order and share the admin's signed-in page. One whose prerequisite
// failed is skipped, naming it, instead of timing out on a page that cannot be there.
// Elements are found by the `data-testid` attributes the app promises.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  WAIT_MS,
  VIEWPORTS,
  apiFindUser,
  apiToken,
  api,
  describePage,
  launchChromium,
  screenshot,
  settings,
  steps,
  shownNumber,
  submitLogin,
  textOf,
  visible,
} from './lib.mjs';

/** Labels of the nav entry `nav-users` in the two languages. */
const USERS_LABEL = { vi: 'Người dùng', en: 'Users' };

/** The dashboard figure that needs the area data: > 0 once the app shows real data. */
const AREA_COUNT = 'count-areas-2025';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

const stamp = Date.now().toString(36);
const member = {
  username: `e2e-member-${stamp}`,
  displayName: `Thành viên E2E ${stamp}`,
  password: `e2e-Mật-khẩu-${stamp}`,
  id: undefined,
  createdBy: undefined,
};

describe('Dân vận web app in Chromium', () => {
  let config;
  let browser;
  let admin; // { context, page } signed in as the admin
  let adminState; // the admin's storage state (tokens in localStorage)
  const pageErrors = [];
  const consoleErrors = [];
  const timings = {};

  /** A new browser context whose pages report their errors. */
  async function newContext(options = {}) {
    const context = await browser.newContext({ baseURL: config.baseUrl, ...VIEWPORTS.desktop, ...options });
    context.on('page', watch);
    return context;
  }

  function watch(page) {
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
  }

  const step = steps({ prefix: '', pageOf: () => admin?.page, timeout: 120_000 });

  /** Reports a measured time as a figure in the test output (and in timings.json). */
  function figure(t, name, ms) {
    timings[name] = Math.round(ms);
    const line = `${name}: ${Math.round(ms)} ms`;
    t.diagnostic(line);
    console.log(`[timing] ${line}`);
  }

  /** The member account: the one the UI created, else one made through the API. */
  async function ensureMember(t) {
    if (member.id) return member;
    const token = await apiToken(config.baseUrl, config.adminUsername, config.adminPassword);
    const existing = await apiFindUser(config.baseUrl, token, member.username);
    if (existing) {
      member.id = existing.id;
      member.createdBy ??= 'ui';
      return member;
    }
    const { status, body } = await api(config.baseUrl, 'POST', '/api/v1/users', {
      token,
      body: { username: member.username, display_name: member.displayName, role: 'member', password: member.password },
    });
    if (status !== 201 && status !== 200) {
      throw new Error(`creating ${member.username} through the API answered ${status}: ${JSON.stringify(body)}`);
    }
    member.id = body.id;
    member.createdBy = 'api';
    t.diagnostic(`${member.username} was created through the API: the UI did not create it`);
    return member;
  }

  before(async () => {
    config = settings();
    fs.rmSync(path.join(config.screenshotDir, 'failures'), { recursive: true, force: true });
    fs.mkdirSync(config.screenshotDir, { recursive: true });
    browser = await launchChromium(config.chromium);
  });

  after(async () => {
    if (config) {
      fs.writeFileSync(path.join(config.screenshotDir, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
    }
    await browser?.close();
  });

  step('spa', 'the server serves the built web app at / and falls back to it for client routes', [], async () => {
    const root = await fetch(`${config.baseUrl}/`);
    const html = await root.text();
    const type = root.headers.get('content-type') ?? '';
    assert.equal(root.status, 200, `GET / answered ${root.status}`);
    assert.ok(
      type.startsWith('text/html'),
      `GET / answered ${type}, not the web app's index.html: the server does not serve frontend/dist ` +
        `(is DANVAN_WEB_DIR a build of \`cargo xtask build-web\`?). It said: ${JSON.stringify(html.slice(0, 200))}`,
    );
    const script = html.match(/rel="modulepreload" href="(\/[^"]+-[0-9a-f]{16}\.js)"/);
    const wasm = html.match(/(\/[^'"]+-[0-9a-f]{16}_bg\.wasm)/);
    const css = html.match(/href="(\/style-[0-9a-f]{16}\.css)"/);
    const boot = html.match(/<script type="module" src="(\/boot-[0-9a-f]{16}\.js)"><\/script>/);
    assert.ok(script && wasm && css && boot, `index.html does not load a hashed JS, wasm, CSS and start module: ${html}`);
    assert.ok(!/<script(?![^>]*\ssrc=)[^>]*>/.test(html), `index.html has an inline script, which the CSP refuses: ${html}`);
    const started = await (await fetch(`${config.baseUrl}${boot[1]}`)).text();
    assert.ok(started.includes(`import init from '${script[1]}'`) && started.includes(wasm[1]), `the start module: ${started}`);

    // [URL, type, whether its brotli variant must be there (a tiny file may have none)]
    for (const [url, expectedType, brotli] of [
      [script[1], 'text/javascript', true],
      [wasm[1], 'application/wasm', true],
      [css[1], 'text/css', false],
    ]) {
      const response = await fetch(`${config.baseUrl}${url}`, { headers: { 'accept-encoding': 'br' } });
      assert.equal(response.status, 200, `GET ${url} answered ${response.status}`);
      assert.ok(
        (response.headers.get('content-type') ?? '').startsWith(expectedType),
        `GET ${url} is ${response.headers.get('content-type')}, not ${expectedType}`,
      );
      if (brotli) {
        assert.equal(response.headers.get('content-encoding'), 'br', `GET ${url} with Accept-Encoding: br is not brotli`);
      }
      assert.match(response.headers.get('cache-control') ?? '', /immutable/, `GET ${url} is not cached for good`);
      await response.arrayBuffer();
    }

    for (const route of ['/users', '/area-groups/not-a-real-id', '/no-such-page']) {
      const response = await fetch(`${config.baseUrl}${route}`);
      const body = await response.text();
      assert.equal(response.status, 200, `GET ${route} answered ${response.status}: client routes get index.html`);
      assert.ok(body.includes(script[1]), `GET ${route} is not index.html: ${JSON.stringify(body.slice(0, 200))}`);
    }
  });

  step('boot', 'the app starts in the browser and asks an anonymous visitor to log in', ['spa'], async () => {
    const context = await newContext();
    const page = await context.newPage();
    try {
      await page.goto('/');
      await visible(page, 'login-username', 'the login form of an anonymous visitor');
      await visible(page, 'login-password');
      await visible(page, 'login-submit');
    } finally {
      await context.close();
    }
  });

  step('admin-login', 'the admin logs in and sees the dashboard with the area counts', ['boot'], async (t) => {
    const context = await newContext();
    const page = await context.newPage();
    admin = { context, page };
    await page.goto('/');
    await visible(page, 'login-username', 'the login form');
    await page.getByTestId('login-username').fill(config.adminUsername);
    await page.getByTestId('login-password').fill(config.adminPassword);
    const started = performance.now();
    await page.getByTestId('login-submit').click();
    await visible(page, 'dashboard', 'the dashboard after logging in');
    const count = await shownNumber(page, AREA_COUNT);
    figure(t, 'login submit → dashboard with data', performance.now() - started);
    assert.ok(count.value > 0, `${AREA_COUNT} shows ${JSON.stringify(count.text)}, not a number above 0`);
    t.diagnostic(`${AREA_COUNT} shows ${JSON.stringify(count.text)}`);
    adminState = await context.storageState();
  });

  step('load-time', 'a signed-in visit to / shows the dashboard with data', ['admin-login'], async (t) => {
    // Cold: a new context, so nothing is cached; the tokens come from the admin's storage.
    const context = await newContext({ storageState: adminState });
    const page = await context.newPage();
    try {
      const started = performance.now();
      await page.goto('/');
      await shownNumber(page, AREA_COUNT);
      figure(t, 'goto / → dashboard with data (cold cache)', performance.now() - started);
      const warm = [];
      for (let i = 0; i < 3; i += 1) {
        const again = performance.now();
        await page.goto('/');
        await shownNumber(page, AREA_COUNT);
        warm.push(performance.now() - again);
      }
      warm.sort((a, b) => a - b);
      figure(t, 'goto / → dashboard with data (warm cache, median of 3)', warm[1]);
    } finally {
      await context.close();
    }
  });

  step('lang', 'the language switch changes the nav labels between Vietnamese and English', ['admin-login'], async (t) => {
    const { page } = admin;
    await visible(page, 'nav-users', "the admin's menu");
    const before = await textOf(page, 'nav-users');
    const from = Object.keys(USERS_LABEL).find((lang) => USERS_LABEL[lang] === before);
    assert.ok(from, `nav-users says ${JSON.stringify(before)}, neither ${JSON.stringify(USERS_LABEL.vi)} nor ${JSON.stringify(USERS_LABEL.en)}`);
    const to = from === 'vi' ? 'en' : 'vi';
    for (const [expected, lang] of [
      [USERS_LABEL[to], to],
      [USERS_LABEL[from], from],
    ]) {
      await (await visible(page, 'lang-switch')).click();
      try {
        await page.getByTestId('nav-users').filter({ hasText: expected }).first().waitFor({ timeout: WAIT_MS });
      } catch {
        throw new Error(
          `after the language switch nav-users says ${JSON.stringify(await textOf(page, 'nav-users'))}, ` +
            `not ${JSON.stringify(expected)} (${lang})`,
        );
      }
    }
    t.diagnostic(`nav-users: ${JSON.stringify(USERS_LABEL[from])} → ${JSON.stringify(USERS_LABEL[to])} → back`);
  });

  step('invalid-user', 'an invalid new-user form shows its field errors, the browser\'s and the server\'s', ['admin-login'], async () => {
    const { page } = admin;
    await (await visible(page, 'nav-users')).click();
    await (await visible(page, 'user-new', 'the button that opens the new-user form')).click();
    await (await visible(page, 'user-username', 'the new-user form')).fill('X');
    await page.getByTestId('user-display-name').fill('X');
    await page.getByTestId('user-password').fill('short');
    await page.getByTestId('user-submit').click();
    await visible(page, 'field-error-username', 'the username "X" is invalid');
    await visible(page, 'field-error-password', 'a 5-character password is too short');
    assert.match(new URL(page.url()).pathname, /\/users\/new$/, 'an invalid form must not leave the page');

    // Valid in the browser, refused by the server: only the server knows `admin` is taken.
    await page.getByTestId('user-username').fill('admin');
    await page.getByTestId('user-display-name').fill('Trùng tên đăng nhập');
    await page.getByTestId('user-password').fill('a-long-enough-password');
    await page.getByTestId('user-submit').click();
    // The server's `taken` code, shown in the UI language next to the field.
    try {
      await page.getByTestId('field-error-username').filter({ hasText: /đã được dùng|Already in use/ }).first()
        .waitFor({ state: 'visible', timeout: WAIT_MS });
    } catch {
      throw new Error(`the server's "taken" error for username admin did not appear; ${await describePage(page)}`);
    }
    assert.match(new URL(page.url()).pathname, /\/users\/new$/, 'a refused form must not leave the page');
  });

  step('create-user', 'the admin creates a member, who is then in the users table', ['admin-login'], async (t) => {
    const { page } = admin;
    await (await visible(page, 'nav-users')).click();
    await (await visible(page, 'user-new', 'the button that opens the new-user form')).click();
    await (await visible(page, 'user-username', 'the new-user form')).fill(member.username);
    await page.getByTestId('user-display-name').fill(member.displayName);
    await (await visible(page, 'user-role')).selectOption('member');
    await page.getByTestId('user-password').fill(member.password);
    await page.getByTestId('user-submit').click();
    // The form leaves the page once the account exists.
    try {
      await page.waitForURL((url) => !url.pathname.endsWith('/users/new'), { timeout: WAIT_MS });
    } catch {
      const errors = await page.locator('[data-testid^="field-error-"]').allTextContents();
      throw new Error(`the new-user form stayed open; field errors: ${JSON.stringify(errors)}; ${await describePage(page)}`);
    }
    member.id = new URL(page.url()).pathname.match(UUID)?.[0];
    member.createdBy = 'ui';
    t.diagnostic(`created ${member.username}${member.id ? ` (${member.id})` : ''}; now on ${new URL(page.url()).pathname}`);
    await (await visible(page, 'nav-users')).click();
    const table = await visible(page, 'users-table');
    try {
      await table.getByText(member.username).first().waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`${member.username} is not in users-table; ${await describePage(page)}`);
    }
  });

  step('audit', "the admin's audit log shows the created user", ['admin-login'], async (t) => {
    await ensureMember(t);
    const { page } = admin;
    await (await visible(page, 'nav-audit')).click();
    await visible(page, 'audit-table');
    await visible(page, 'audit-row', 'an audit log with entries');
    const rows = page.getByTestId('audit-row');
    // A row names its record ("display name (username)"), never by a bare id.
    const key = member.username;
    try {
      await rows.filter({ hasText: key }).first().waitFor({ timeout: WAIT_MS });
    } catch {
      const shown = (await rows.allTextContents()).slice(0, 5).map((text) => text.replace(/\s+/g, ' ').trim());
      throw new Error(`no audit-row mentions the new user ${key}; the first rows: ${JSON.stringify(shown, null, 1)}`);
    }
    // What the row shows (innerText leaves out the folded details of the change).
    const row = (await rows.filter({ hasText: key }).first().innerText()).replace(/\s+/g, ' ').trim();
    t.diagnostic(`audit row: ${row}`);
    assert.match(row, /người dùng|user/i, 'the row of the new user names its entity, user');
    if (member.id) assert.ok(!row.includes(member.id), `the row shows the user's name, not the id: ${row}`);
  });

  step('deep-link', 'a deep link to /users, reloaded, stays on the users page', ['admin-login'], async () => {
    const { page } = admin;
    await page.goto('/users');
    await visible(page, 'users-table', 'the users page opened by its URL');
    await page.reload();
    await visible(page, 'users-table', 'the users page after a reload');
    assert.equal(new URL(page.url()).pathname, '/users');
  });

  step('not-found', 'an unknown client route shows the not-found page', ['admin-login'], async () => {
    const { page } = admin;
    await page.goto('/no-such-page/42');
    await visible(page, 'not-found', 'the page of an unknown route');
  });

  step('member', 'after logging out, the member logs in and sees a reduced menu', ['admin-login'], async (t) => {
    await ensureMember(t);
    // A context of its own: logging out here leaves the admin's page signed in.
    const context = await newContext();
    const page = await context.newPage();
    try {
      await page.goto('/');
      await submitLogin(page, config.adminUsername, config.adminPassword);
      await (await visible(page, 'logout', 'the logout button of the signed-in admin')).click();
      await visible(page, 'login-username', 'the login form after logging out');
      await submitLogin(page, member.username, member.password);
      // A member's home page is the list of their own tasks.
      await visible(page, 'my-tasks', `the home page (my tasks) of ${member.username}`);
      await visible(page, 'nav-dashboard', "the member's menu");
      await visible(page, 'nav-areas', 'a member reads the areas');
      // Once the member's profile and their tasks are loaded, the menu is final.
      await page.waitForLoadState('networkidle', { timeout: WAIT_MS });
      const menu = await page.locator('[data-testid^="nav-"]').evaluateAll((links) =>
        links.map((link) => link.getAttribute('data-testid')),
      );
      t.diagnostic(`the member's menu: ${menu.join(', ')}`);
      assert.ok(!menu.includes('nav-users'), `a member does not manage users, but the menu is ${menu.join(', ')}`);
      assert.ok(!menu.includes('nav-audit'), `a member does not read the audit log, but the menu is ${menu.join(', ')}`);
      await (await visible(page, 'logout')).click();
      await visible(page, 'login-username', 'the login form after the member logs out');
    } finally {
      await context.close();
    }
  });

  step('screenshots', 'screenshots of every main page, desktop and phone', ['admin-login'], async (t) => {
    // [name, path, the data-testid that shows the page is there (or the app's menu)]
    const pages = [
      ['dashboard', '/', AREA_COUNT],
      ['users', '/users', 'users-table'],
      ['user-new', '/users/new', 'user-username'],
      ['org-units', '/org-units', null],
      ['areas', '/areas', null],
      ['area-groups', '/area-groups', null],
      ['audit', '/audit', 'audit-table'],
      ['not-found', '/no-such-page', 'not-found'],
    ];
    const problems = [];
    for (const [device, options] of Object.entries(VIEWPORTS)) {
      const anonymous = await newContext(options);
      const loginPage = await anonymous.newPage();
      await loginPage.goto('/');
      await visible(loginPage, 'login-username').catch((error) => problems.push(`${device} login: ${error.message}`));
      await screenshot(loginPage, config.screenshotDir, `${device}-login`);
      await anonymous.close();

      const context = await newContext({ ...options, storageState: adminState });
      const page = await context.newPage();
      for (const [name, url, marker] of pages) {
        await page.goto(url);
        try {
          if (marker === AREA_COUNT) {
            await shownNumber(page, marker);
          } else if (marker) {
            await visible(page, marker);
          } else {
            // On a phone the menu may be folded away: attached is enough.
            await page.getByTestId('nav-dashboard').first().waitFor({ state: 'attached', timeout: WAIT_MS });
          }
          await page.waitForLoadState('networkidle', { timeout: WAIT_MS });
        } catch (error) {
          problems.push(`${device} ${name}: ${error.message}`);
        }
        await screenshot(page, config.screenshotDir, `${device}-${name}`);
      }
      await context.close();
    }
    t.diagnostic(`screenshots in ${config.screenshotDir}`);
    assert.deepEqual(problems, [], 'pages that did not show what they should');
  });

  step('api-docs', 'the API documentation renders under its Content-Security-Policy', [], async () => {
    const context = await newContext();
    try {
      const page = await context.newPage();
      const response = await page.goto('/api/docs/');
      assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self';/);
      await page.locator('.swagger-ui .info .title').first().waitFor({ timeout: WAIT_MS });
      assert.match(await page.locator('.swagger-ui .info .title').first().innerText(), /Dân vận/);
    } finally {
      await context.close();
    }
  });

  step('page-errors', 'no uncaught error in any page, nothing refused by the Content-Security-Policy', ['spa'], async (t) => {
    for (const line of consoleErrors.slice(0, 20)) t.diagnostic(`console error: ${line}`);
    assert.deepEqual(pageErrors, [], 'uncaught errors (a panic of the app shows here)');
    const refused = consoleErrors.filter((line) => /Content.Security.Policy/i.test(line));
    assert.deepEqual(refused, [], 'loads or scripts the Content-Security-Policy refused');
  });
});

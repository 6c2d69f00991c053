// Two tabs of one browser share a session (Debian's headless Chromium through playwright-core,
// against the server `cargo xtask test --only browser` starts; see app.test.mjs).
//
// Officials work in many tabs. When the access token runs out, every open tab renews the
// session from the refresh cookie they share; each must keep working rather than log the
// others out (a refresh token presented twice is otherwise taken for a theft). The test signs in in one tab, opens a second, then
// gives both tabs an access token the server refuses, through the storage both tabs share (a
// tab takes the tokens another one stores), as the end of the token's lifetime would. Both
// tabs then navigate at the same moment, in the app (no reloads), and must show their pages;
// a second round of navigation shows that neither session was ended.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, describePage, launchChromium, settings, submitLogin, visible } from './lib.mjs';

const TOKENS = 'danvan.tokens';

describe('Two tabs, one session', () => {
  let config;
  let browser;
  let context;

  before(async () => {
    config = settings();
    browser = await launchChromium(config.chromium);
    context = await browser.newContext({ baseURL: config.baseUrl, ...VIEWPORTS.desktop });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
  });

  /** Replaces the access token the tabs share with one the server refuses. */
  async function spoil(page, mark) {
    await page.evaluate(
      ([key, mark]) => {
        const tokens = JSON.parse(localStorage.getItem(key));
        tokens.access_token = `expired.${mark}.${Date.now()}`;
        localStorage.setItem(key, JSON.stringify(tokens));
      },
      [TOKENS, mark],
    );
  }

  test('both tabs renew at once and stay signed in', { timeout: 120_000 }, async () => {
    const first = await context.newPage();
    await first.goto('/login');
    await submitLogin(first, config.adminUsername, config.adminPassword);
    await visible(first, 'dashboard', 'the dashboard after signing in');
    const second = await context.newPage();
    await second.goto('/');
    await visible(second, 'dashboard', 'the second tab, signed in by the shared storage');

    // The refresh token is in a cookie the browser keeps and scripts cannot read.
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'danvan_refresh');
    assert.ok(cookie, 'the browser keeps the refresh cookie');
    assert.deepEqual([cookie.httpOnly, cookie.secure, cookie.sameSite, cookie.path], [true, true, 'Strict', '/api/v1/auth']);
    const seen = await first.evaluate(() => document.cookie + JSON.stringify({ ...localStorage }));
    assert.ok(!seen.includes('danvan_refresh') && !seen.includes(cookie.value) && !seen.includes('refresh_token'),
      'no script of the page can read the refresh token');

    // Each tab hears the other's change: the first tab's reaches the second, and back.
    await spoil(first, 'a');
    await spoil(second, 'b');
    const before = await first.evaluate((key) => JSON.parse(localStorage.getItem(key)).access_token, TOKENS);

    await Promise.all([
      (await visible(first, 'nav-users')).click(),
      (await visible(second, 'nav-audit')).click(),
    ]);
    await visible(first, 'users-table', 'the first tab, after renewing its session');
    await visible(second, 'audit-table', 'the second tab, after renewing its session');
    const after = await first.evaluate((key) => JSON.parse(localStorage.getItem(key)).access_token, TOKENS);
    assert.notEqual(after, before, 'the session was renewed');
    assert.ok(!after.startsWith('expired.'), 'a renewed access token');

    // Neither renewal ended the session: both tabs go on.
    await Promise.all([(await visible(first, 'nav-audit')).click(), (await visible(second, 'nav-users')).click()]);
    await visible(first, 'audit-table', 'the first tab, later');
    await visible(second, 'users-table', 'the second tab, later');
    for (const page of [first, second]) {
      assert.ok(!page.url().includes('/login'), `a tab was signed out: ${await describePage(page)}`);
    }
  });
});

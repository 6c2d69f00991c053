// Helpers of the browser tests: settings from the environment, Debian's Chromium through
// playwright-core, waits that fail with a message saying what was expected and what the
// page showed instead, and a few calls to the REST API.
//
// Not a test file itself: `node --test e2e/` runs only files named *.test.mjs.

import { test } from 'node:test';
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

/** Tells this run's records from an earlier run's. */
const RUN = Date.now().toString(36);

/** Default time for something to appear on the page, in milliseconds. */
export const WAIT_MS = Number(process.env.E2E_WAIT_MS || 20_000);

function required(name, hint) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: ${hint}. These tests run from \`cargo xtask test --only browser\`, ` +
        'which starts a fresh server and sets it.',
    );
  }
  return value;
}

/** The settings, read from the environment when first asked for. */
export function settings() {
  return {
    baseUrl: required('E2E_BASE_URL', 'the URL of a running `danvan serve`, e.g. http://127.0.0.1:8080').replace(/\/$/, ''),
    adminUsername: process.env.E2E_ADMIN_USERNAME || 'admin',
    adminPassword: required('E2E_ADMIN_PASSWORD', "the password of that server's admin account (DANVAN_ADMIN_PASSWORD)"),
    chromium: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
    screenshotDir: process.env.E2E_SCREENSHOT_DIR || path.join(repoRoot, 'target', 'screenshots'),
  };
}

/** Chromium flags: headless on a machine without GPU, sandbox, or outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Debian's Chromium, headless, with a fresh profile (playwright-core makes one per launch). */
export async function launchChromium(executablePath) {
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's (apt-get install chromium); ` +
        'these tests never download a browser',
    );
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Desktop and phone viewports of the screenshots. */
export const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
};

/** Where the page is and the start of what it shows: for error messages. */
export async function describePage(page) {
  let text;
  try {
    text = await page.evaluate(() => document.body?.innerText ?? '(no body)');
  } catch (error) {
    text = `(cannot read the page: ${error.message})`;
  }
  text = text.replace(/\s+/g, ' ').trim();
  if (text.length > 300) text = `${text.slice(0, 300)}…`;
  return `on ${page.url()} the page shows: ${JSON.stringify(text)}`;
}

/** Waits for the element with `data-testid` = `id` to be visible; its locator. */
export async function visible(page, id, why = '', timeout = WAIT_MS) {
  const locator = page.getByTestId(id).first();
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(
      `data-testid="${id}" did not appear within ${timeout} ms${why ? ` (${why})` : ''}; ${await describePage(page)}`,
    );
  }
  return locator;
}

/**
 * Waits until the text of `data-testid` = `id` holds a digit (or is "—", the app's sign of
 * a failed load); the number it shows, digits only ("3.355" and "3,355" are 3355).
 */
export async function shownNumber(page, id, timeout = WAIT_MS) {
  let handle;
  try {
    handle = await page.waitForFunction(
      (testid) => {
        const text = document.querySelector(`[data-testid="${testid}"]`)?.textContent?.trim();
        return text && (/\d/.test(text) || text === '—') ? text : null;
      },
      id,
      { timeout, polling: 'raf' },
    );
  } catch {
    throw new Error(`data-testid="${id}" showed no number within ${timeout} ms; ${await describePage(page)}`);
  }
  const text = await handle.jsonValue();
  const digits = text.replace(/\D/g, '');
  if (!digits) throw new Error(`data-testid="${id}" shows ${JSON.stringify(text)}: loading it failed`);
  return { text, value: Number(digits) };
}

/** Fills the login form and submits it. */
export async function submitLogin(page, username, password) {
  await (await visible(page, 'login-username', 'the login form')).fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** The text of the nav entry `id`, trimmed. */
export async function textOf(page, id) {
  return ((await page.getByTestId(id).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Saves a screenshot under the screenshot directory; its path. */
export async function screenshot(page, dir, name) {
  const file = path.join(dir, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Calls the REST API: `{ status, body }` (the body parsed when it is JSON). */
export async function api(baseUrl, method, urlPath, { token, body, headers = {} } = {}) {
  const response = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body: parsed };
}

/** An access token of `username`, through the API. */
export async function apiToken(baseUrl, username, password) {
  const { status, body } = await api(baseUrl, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (status !== 200 || !body.access_token) {
    throw new Error(`POST /api/v1/auth/login as ${username} answered ${status}: ${JSON.stringify(body)}`);
  }
  return body.access_token;
}

/** The user called `username`, through the API; undefined when there is none. */
export async function apiFindUser(baseUrl, token, username) {
  const { status, body } = await api(baseUrl, 'GET', `/api/v1/users?q=${encodeURIComponent(username)}&limit=100`, {
    token,
  });
  if (status !== 200) throw new Error(`GET /api/v1/users answered ${status}: ${JSON.stringify(body)}`);
  return body.items.find((user) => user.username === username);
}

/**
 * Makes `user` ({ username, displayName, role, password }) exist with its password,
 * through the admin's API, and sets `user.id`: an earlier run's account gets the
 * password again, a new one is created once (its idempotency key names it and this run).
 */
export async function apiEnsureUser(baseUrl, token, user) {
  const existing = await apiFindUser(baseUrl, token, user.username);
  if (existing) {
    const { status, body } = await api(baseUrl, 'POST', `/api/v1/users/${existing.id}/password`, {
      token,
      body: { new_password: user.password },
    });
    if (status >= 300) throw new Error(`resetting the password of ${user.username} answered ${status}: ${JSON.stringify(body)}`);
    user.id = existing.id;
    return;
  }
  const { status, body } = await api(baseUrl, 'POST', '/api/v1/users', {
    token,
    headers: { 'idempotency-key': `e2e-${user.username}-${RUN}` },
    body: { username: user.username, display_name: user.displayName, role: user.role, password: user.password },
  });
  if (status !== 201 && status !== 200) {
    throw new Error(`creating ${user.username} through the API answered ${status}: ${JSON.stringify(body)}`);
  }
  user.id = body.id;
}

/**
 * A maker of ordered steps: `step(id, title, needs, body, timeout)` is a test that runs
 * only when the steps named in `needs` passed (else it is skipped, naming them), and on
 * failure leaves a screenshot of `pageOf()` as failures/`prefix``id`.png.
 */
export function steps({ prefix = '', pageOf, timeout = 180_000 }) {
  const passed = new Set();
  return function step(id, title, needs, body, stepTimeout = timeout) {
    test(title, { timeout: stepTimeout }, async (t) => {
      const missing = needs.filter((need) => !passed.has(need));
      if (missing.length > 0) {
        t.skip(`needs "${missing.join('", "')}", which did not pass`);
        return;
      }
      try {
        await body(t);
        passed.add(id);
      } catch (error) {
        const page = pageOf();
        if (page && !page.isClosed()) {
          const file = await screenshot(page, settings().screenshotDir, `failures/${prefix}${id}`).catch(() => undefined);
          if (file) t.diagnostic(`screenshot of the page: ${file}`);
        }
        throw error;
      }
    });
  };
}

// The public aid figures in a real browser (Debian's headless Chromium through
// playwright-core), without logging in, on a 360 px phone, against the server
// `cargo xtask test --only browser` starts (see app.test.mjs).
//
// Set up over the API as the admin: an org unit when the database has none, an open
// campaign of this run, a donor who agreed to be named and a cash gift from them, and an
// anonymous cash gift. Then, in a fresh browser that never logged in: `/public/aid` lists
// the campaign with its totals, the campaign's page shows received against handed out and
// draws "where the aid went" as an SVG with its bands, names the donor and reads in
// English at the switch. Every request is recorded: none goes to the staff app's bundle or
// to an API path outside `/api/v1/public/`, and the wasm + JS the page loads weigh at most
// 150 KB gzipped. Screenshots go to target/screenshots/public-*.png.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { VIEWPORTS, WAIT_MS, api, apiToken, describePage, launchChromium, screenshot, settings, steps } from './lib.mjs';

const stamp = Date.now().toString(36);
/** The public bundle's budget: wasm + JS, gzipped. */
const BUDGET_BYTES = 150 * 1000;

const run = {
  campaign: { name: `Công khai minh bạch ${stamp}`, id: undefined },
  donor: { name: `Công ty Cổ phần Minh Bạch ${stamp}` },
};

function must(status, body, what) {
  if (status >= 300) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

describe('Public aid figures: no login, a phone, a small bundle', () => {
  let config;
  let browser;
  let context;
  let page;
  const requests = [];
  const pageErrors = [];

  const step = steps({ prefix: 'public-', pageOf: () => page, timeout: 120_000 });

  before(async () => {
    config = settings();
    fs.mkdirSync(config.screenshotDir, { recursive: true });
    browser = await launchChromium(config.chromium);
    context = await browser.newContext({ baseURL: config.baseUrl, ...VIEWPORTS.phone });
    page = await context.newPage();
    page.on('request', (request) => requests.push(request));
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  });

  after(async () => {
    await browser?.close();
  });

  step('setup', 'the admin makes an open campaign with a named donor and an anonymous gift', [], async () => {
    const token = await apiToken(config.baseUrl, config.adminUsername, config.adminPassword);
    const call = async (method, path, body, what) => {
      const headers = method === 'POST' ? { 'idempotency-key': `e2e-public-${stamp}-${what.replace(/\W+/g, '-')}` } : {};
      const answer = await api(config.baseUrl, method, path, { token, body, headers });
      return must(answer.status, answer.body, `${method} ${path} (${what})`);
    };
    let units = (await call('GET', '/api/v1/org-units?limit=200', undefined, 'units')).items;
    if (units.length === 0) {
      units = [await call('POST', '/api/v1/org-units', { code: `CK-${stamp}`, name: 'Ban cứu trợ', kind: 'office' }, 'unit')];
    }
    const campaign = await call(
      'POST',
      '/api/v1/campaigns',
      { name: run.campaign.name, starts_on: '2021-07-15', status: 'open', org_unit_id: units[0].id, target_cash: 100000000 },
      'campaign',
    );
    run.campaign.id = campaign.id;
    const donor = await call('POST', '/api/v1/donors', { kind: 'organisation', name: run.donor.name, public_consent: true }, 'donor');
    for (const [donorId, amount, what] of [[donor.id, 30000000, 'named gift'], [null, 5000000, 'anonymous gift']]) {
      await call(
        'POST',
        '/api/v1/donations',
        { campaign_id: campaign.id, donor_id: donorId, received_on: '2021-08-02', channel: 'cash', cash_amount: amount },
        what,
      );
    }
  });

  step('list', 'without logging in, /public/aid lists the campaign with its totals at 360 px', ['setup'], async () => {
    await page.goto('/public/aid');
    const link = page.getByRole('link', { name: run.campaign.name });
    try {
      await link.waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the campaign is not listed; ${await describePage(page)}`);
    }
    const card = page.locator('li.campaign').filter({ has: link });
    assert.match(await card.innerText(), /35\.000\.000 ₫/, 'the campaign shows the cash it received, in Vietnamese by default');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the list is ${overflow} px wider than the 360 px screen`);
    await screenshot(page, config.screenshotDir, 'public-list-phone');
  });

  step('campaign', "the campaign's page shows the totals, the named donor and the flow as an SVG with bands", ['list'], async () => {
    await page.getByRole('link', { name: run.campaign.name }).click();
    await page.waitForURL(`**/public/aid/campaigns/${run.campaign.id}`);
    try {
      await page.locator('svg.flow path.band').first().waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`no flow was drawn; ${await describePage(page)}`);
    }
    const bands = await page.locator('svg.flow path.band').count();
    assert.ok(bands >= 2, `the flow has ${bands} bands: the named donor's and the other donors'`);
    const paths = await page.locator('svg.flow path.band').evaluateAll((list) => list.map((p) => p.getAttribute('d')));
    assert.ok(paths.every((d) => /^M[\d.,]+C/.test(d)), `bands are Bézier paths: ${paths.join(' | ')}`);
    const text = await page.locator('main').innerText();
    assert.match(text, /Tiền đã nhận\s*35\.000\.000 ₫/, 'the cash received');
    assert.match(text, /Tiền đã trao\s*0 ₫/, 'the cash handed out');
    assert.ok(text.includes(run.donor.name), 'the donor who agreed to be named is named');
    assert.match(text, /Nhà hảo tâm khác\s*5\.000\.000 ₫/, 'the anonymous gift is among the other donors');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the 360 px screen`);
    await screenshot(page, config.screenshotDir, 'public-campaign-phone');
    await page.locator('svg.flow').scrollIntoViewIfNeeded();
    await screenshot(page, config.screenshotDir, 'public-flow-phone');
  });

  step('english', 'the language switch reads the page in English', ['campaign'], async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    try {
      await page.getByRole('heading', { name: 'Where the aid went' }).waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the page did not switch to English; ${await describePage(page)}`);
    }
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.match(await page.locator('main').innerText(), /Cash received\s*₫35,000,000/);
    await screenshot(page, config.screenshotDir, 'public-campaign-phone-en');
  });

  step('bundle', 'nothing of the staff app is loaded and the wasm + JS weigh at most 150 KB gzipped', ['campaign'], async () => {
    const urls = requests.map((request) => new URL(request.url()));
    const staff = urls.filter((url) => /\/danvan-web-[0-9a-f]{16}/.test(url.pathname) || (url.pathname.endsWith('.wasm') && !url.pathname.startsWith('/public/')));
    assert.deepEqual(staff.map(String), [], 'no request for the staff app');
    const api = urls.filter((url) => url.pathname.startsWith('/api/') && !url.pathname.startsWith('/api/v1/public/'));
    assert.deepEqual(api.map(String), [], 'no API call that needs a login');
    const code = [...new Set(urls.filter((url) => /\.(wasm|js)$/.test(url.pathname)).map((url) => url.pathname))];
    assert.ok(code.some((p) => p.endsWith('.wasm')) && code.every((p) => p.startsWith('/public/')), `the public bundle: ${code}`);
    // What the browser transferred (brotli when it offers it) ...
    let transferred = 0;
    for (const request of requests.filter((r) => /\.(wasm|js)$/.test(new URL(r.url()).pathname))) {
      const sizes = await request.sizes().catch(() => ({ responseBodySize: 0 }));
      transferred += sizes.responseBodySize;
    }
    // ... and the same files gzipped, as the server sends them to a browser that offers gzip only.
    let gzipped = 0;
    for (const file of code) {
      const response = await fetch(`${config.baseUrl}${file}`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(response.status, 200, file);
      assert.equal(response.headers.get('content-encoding'), 'gzip', `${file} is sent gzipped`);
      gzipped += Number(response.headers.get('content-length'));
      await response.arrayBuffer();
    }
    console.log(`public bundle: ${code.join(', ')}: ${transferred} bytes transferred, ${gzipped} bytes gzipped`);
    assert.ok(transferred > 0 && transferred <= BUDGET_BYTES, `transferred ${transferred} bytes of wasm + JS`);
    assert.ok(gzipped > 0 && gzipped <= BUDGET_BYTES, `${gzipped} bytes of wasm + JS gzipped`);
    assert.deepEqual(pageErrors, [], 'no script error on the public pages');
  });
});

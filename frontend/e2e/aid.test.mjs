// Aid (donors, campaigns, the desk, receipts, stock) in a real browser (Debian's headless
// Chromium through playwright-core), against the server `cargo xtask test --only browser`
// starts (see app.test.mjs).
//
// Set up over the API: as the admin, the Office's `vanphong` and a second Office officer
// `vanphong2-e2e` (made, or given a known password when the demo made them) and an org unit
// when the database has none; as the Office, the items rice and noodles unless the demo made
// them, two warehouses of this run in Hồ Chí Minh City, an open campaign and a planned one of
// this run, and a business donor. Then, in the browser and with the keyboard only, the Office
// records at the desk a cash donation from that donor (found by its name typed without
// diacritics) and an anonymous gift in kind of rice and noodles received at the first
// warehouse, and opens the receipt (the answer is a PDF). Then, with the mouse, it adds the
// same donor again (refused, with a link to the one there is), sends goods to the second
// warehouse (too much first: refused as insufficient stock), and asks for an adjustment that
// waits for approval; the second officer approves it and the balance follows. The pages read
// in English and fit a 360 px screen. Screenshots go to target/screenshots/aid-*.png.
//
// The steps run in order; one whose prerequisite failed is skipped, naming it.

import { describe, before, after } from 'node:test';
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

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const stamp = Date.now().toString(36);
/** A tax code of this run: 10 digits. */
const taxCode = String(Date.now()).slice(-10);

const office = { username: 'vanphong', displayName: 'Cán bộ Văn phòng (demo)', role: 'office', password: `Văn-phòng-${stamp}` };
const office2 = {
  username: 'vanphong2-e2e',
  displayName: 'Cán bộ Văn phòng 2 (E2E)',
  role: 'office',
  password: `Văn-phòng-2-${stamp}`,
};

/** What this run makes; ids filled in by the setup. */
const run = {
  donor: { name: `Công ty TNHH Hoàng Phúc ${stamp}`, search: `hoang phuc ${stamp}`, id: undefined },
  campaign: { name: `Chung tay vì Thành phố Hồ Chí Minh ${stamp}`, id: undefined },
  planned: { name: `Chiến dịch dự kiến ${stamp}`, id: undefined },
  // Select boxes find an option by the start of its label as it is typed.
  from: { name: `Kho-E2E-${stamp}-A Quận 7`, typed: `Kho-E2E-${stamp}-A`, id: undefined },
  to: { name: `Kho-E2E-${stamp}-B Thủ Đức`, id: undefined },
  items: { rice: undefined, noodles: undefined },
  cashReceipt: undefined,
  goodsReceipt: undefined,
  goodsDonation: undefined,
};

function must(status, body, what) {
  if (status >= 300) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

describe('Aid: the desk with the keyboard, receipts, transfers, adjustments', () => {
  let config;
  let browser;
  let context;
  let page;
  const pageErrors = [];

  const step = steps({ prefix: 'aid-', pageOf: () => page, timeout: 180_000 });

  async function login(user) {
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

  /** Waits until the element with the keyboard focus has the id `id`. */
  async function focusIs(id, why) {
    try {
      await page.waitForFunction((wanted) => document.activeElement?.id === wanted, id, { timeout: WAIT_MS });
    } catch {
      const has = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
      throw new Error(`the focus should be on #${id} (${why}), it is on ${has}; ${await describePage(page)}`);
    }
  }

  /** Waits for an option of the autocomplete `id` that shows `text`, and for it to be the active one. */
  async function optionShown(id, text) {
    const option = page.getByTestId(`${id}-option`).filter({ hasText: text }).first();
    try {
      await option.waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the autocomplete ${id} does not offer "${text}"; ${await describePage(page)}`);
    }
    return option;
  }

  /**
   * Picks the choice of the autocomplete `id` that shows `text` with the keyboard: waits for
   * it, moves to it with ↓ when another one is active, and presses Enter.
   */
  async function pick(id, text) {
    await optionShown(id, text);
    const active = page.locator(`[data-testid="${id}-option"][aria-selected="true"]`);
    for (let tries = 0; tries < 10; tries += 1) {
      if (((await active.textContent().catch(() => '')) ?? '').includes(text)) {
        await page.keyboard.press('Enter');
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`↓ does not reach "${text}" in the autocomplete ${id}; ${await describePage(page)}`);
  }

  /** Waits for a text in the element `id`. */
  async function textIn(id, text, why) {
    try {
      await page.getByTestId(id).filter({ hasText: text }).first().waitFor({ timeout: WAIT_MS });
    } catch {
      const shown = await page.getByTestId(id).first().textContent().catch(() => '(none)');
      throw new Error(`${id} should show "${text}" (${why}), it shows ${JSON.stringify(shown)}; ${await describePage(page)}`);
    }
  }

  before(async () => {
    config = settings();
    fs.mkdirSync(config.screenshotDir, { recursive: true });
    browser = await launchChromium(config.chromium);
    context = await browser.newContext({ baseURL: config.baseUrl, ...VIEWPORTS.desktop });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  });

  after(async () => {
    await browser?.close();
  });

  step('setup', 'the admin makes two Office officers; the Office makes items, two warehouses, campaigns and a donor', [], async (t) => {
    const admin = await apiToken(config.baseUrl, config.adminUsername, config.adminPassword);
    for (const user of [office, office2]) await apiEnsureUser(config.baseUrl, admin, user);
    const adminCall = async (method, path, body, what) => {
      const headers = method === 'POST' ? { 'idempotency-key': `e2e-aid-${stamp}-${what.replace(/\W+/g, '-')}` } : {};
      const answer = await api(config.baseUrl, method, path, { token: admin, body, headers });
      return must(answer.status, answer.body, `${method} ${path} (${what})`);
    };
    let units = (await adminCall('GET', '/api/v1/org-units?limit=200', undefined, 'units')).items;
    if (units.length === 0) {
      units = [await adminCall('POST', '/api/v1/org-units', { code: `VP-${stamp}`, name: 'Văn phòng Ban', kind: 'office' }, 'unit')];
    }
    const unit = units.find((u) => u.kind === 'office') ?? units[0];

    const token = await apiToken(config.baseUrl, office.username, office.password);
    const call = async (method, path, body, what) => {
      const headers = method === 'POST' ? { 'idempotency-key': `e2e-aid-${stamp}-${what.replace(/\W+/g, '-')}` } : {};
      const answer = await api(config.baseUrl, method, path, { token, body, headers });
      return must(answer.status, answer.body, `${method} ${path} (${what})`);
    };

    // The demo's items, or ours on a bare database.
    const items = await call('GET', '/api/v1/aid-items?active=true', undefined, 'items');
    const wanted = [
      { code: 'rice', name_vi: 'Gạo', name_en: 'Rice', unit: 'kg', category: 'food' },
      { code: 'noodles', name_vi: 'Mì tôm', name_en: 'Instant noodles', unit: 'box', category: 'food' },
    ];
    for (const item of wanted) {
      const found = items.find((i) => i.code === item.code);
      run.items[item.code] = found ?? (await call('POST', '/api/v1/aid-items', item, `item ${item.code}`));
    }
    t.diagnostic(`rice in ${run.items.rice.unit}, noodles in ${run.items.noodles.unit}`);

    // Two warehouses in communes of Hồ Chí Minh City.
    const provinces = await call('GET', '/api/v1/areas?layout=2025&level=province&code=79', undefined, 'province 79');
    const province = provinces.items[0];
    const communes = (await call('GET', `/api/v1/areas/${province.id}/children`, undefined, 'communes of 79')).filter(
      (area) => area.level === 'commune',
    );
    for (const [place, area] of [[run.from, communes[0]], [run.to, communes[1] ?? communes[0]]]) {
      const location = await call(
        'POST',
        '/api/v1/aid-locations',
        { name: place.name, kind: 'warehouse', org_unit_id: unit.id, area_id: area.id, address: 'E2E' },
        `location ${place.name}`,
      );
      place.id = location.id;
    }

    for (const [campaign, status] of [[run.campaign, 'open'], [run.planned, 'planned']]) {
      const created = await call(
        'POST',
        '/api/v1/campaigns',
        {
          name: campaign.name,
          purpose: 'Hỗ trợ người lao động mất thu nhập do dịch COVID-19',
          starts_on: '2021-07-15',
          status,
          org_unit_id: unit.id,
          area_ids: [province.id],
          beneficiary_categories: ['lost_income', 'patients_and_quarantined'],
          target_cash: 5_000_000_000,
          target_goods: [{ item_id: run.items.rice.id, quantity: '10000' }],
        },
        `campaign ${status}`,
      );
      campaign.id = created.id;
    }

    const donor = await call(
      'POST',
      '/api/v1/donors',
      { kind: 'business', name: run.donor.name, tax_code: taxCode, phone: '0912 345 678', public_consent: true },
      'donor',
    );
    run.donor.id = donor.id;
    t.diagnostic(`campaign ${run.campaign.id}, warehouses ${run.from.id} → ${run.to.id}, donor ${run.donor.id}`);
  });

  step('cash', 'the Office records a cash donation at the desk with the keyboard only, and opens its receipt', ['setup'], async (t) => {
    await login(office);
    await page.goto(`/donations/new?campaign_id=${run.campaign.id}`);
    await visible(page, 'desk-form', 'the desk');
    // Only open campaigns are offered; the one of the link is chosen.
    const offered = await page.getByTestId('desk-campaign').locator('option').allTextContents();
    assert.ok(offered.includes(run.campaign.name), `the open campaign is offered: ${JSON.stringify(offered)}`);
    assert.ok(!offered.includes(run.planned.name), 'a planned campaign is not offered');
    assert.equal(await page.getByTestId('desk-campaign').inputValue(), run.campaign.id);

    await focusIs('desk-donor', 'the desk starts on the donor');
    await page.keyboard.type(run.donor.search);
    // Found without diacritics; Enter picks it and moves on to the campaign.
    await pick('desk-donor', run.donor.name);
    await focusIs('desk-campaign', 'a picked donor moves the focus to the campaign');
    assert.equal(await page.getByTestId('desk-donor').inputValue(), run.donor.name);
    await page.keyboard.press('Tab');
    await focusIs('desk-channel-cash', 'the channel comes next, cash chosen');
    await page.keyboard.press('Tab');
    await focusIs('desk-amount', 'then the amount');
    await page.keyboard.type('1.500.000');
    await textIn('desk-amount-echo', '1.500.000 ₫', 'the amount is echoed as read');
    await screenshot(page, config.screenshotDir, 'aid-desk-cash-desktop');
    await page.keyboard.press('Enter');

    const number = await visible(page, 'desk-receipt-number', 'the receipt number after saving');
    run.cashReceipt = (await number.textContent()).trim();
    assert.match(run.cashReceipt, /^BN-\d{4}-\d{6,}$/);
    t.diagnostic(`receipt ${run.cashReceipt}`);
    await focusIs('desk-receipt-a4', 'Enter now prints the receipt');
    const popup = context.waitForEvent('page', { timeout: WAIT_MS }).catch(() => undefined);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/receipt') && r.request().method() === 'GET', { timeout: WAIT_MS }),
      page.keyboard.press('Enter'),
    ]);
    assert.equal(response.status(), 200, `the receipt answered ${response.status()}`);
    assert.match(response.url(), /paper=a4/);
    assert.match(response.headers()['content-type'] ?? '', /^application\/pdf/);
    const body = await response.body();
    assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-', 'the receipt is a PDF');
    const tab = await popup;
    t.diagnostic(tab ? 'the receipt opened in a new tab' : 'no new tab (saved instead)');
    await tab?.close().catch(() => undefined);
    await screenshot(page, config.screenshotDir, 'aid-desk-saved-desktop');
  });

  step('in-kind', 'an anonymous gift of rice and noodles is entered with the keyboard, a line added with Enter', ['cash'], async (t) => {
    // "Another donation" brings the focus back to the donor.
    await page.bringToFront();
    await page.getByTestId('desk-receipt-a4').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await focusIs('desk-another', 'Tab reaches "another donation"');
    await page.keyboard.press('Enter');
    await focusIs('desk-donor', 'a fresh form starts on the donor');

    // "Anonymous" comes after any donor whose name has the words.
    await page.keyboard.type('an danh');
    await pick('desk-donor', 'Ẩn danh');
    await focusIs('desk-campaign', 'the campaign is next');
    await page.keyboard.press('Tab');
    await focusIs('desk-channel-cash', 'the channel, as the last donation had it');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await focusIs('desk-channel-in_kind', 'arrows move to in kind');
    assert.equal(await page.getByTestId('desk-channel-in_kind').getAttribute('aria-checked'), 'true');
    await visible(page, 'desk-location', 'in kind asks where the goods came');
    await page.keyboard.press('Tab');
    await focusIs('desk-location', 'the location comes first');
    await page.keyboard.type(run.from.typed);
    try {
      await page.waitForFunction(
        (id) => document.querySelector('[data-testid="desk-location"]')?.value === id,
        run.from.id,
        { timeout: WAIT_MS },
      );
    } catch {
      throw new Error(`typing the start of the warehouse's name does not choose it; ${await describePage(page)}`);
    }
    await page.keyboard.press('Tab');
    await focusIs('desk-line-0-item', 'then the first line');
    await page.keyboard.type('rice');
    await pick('desk-line-0-item', run.items.rice.name_vi);
    await focusIs('desk-line-0-quantity', 'a picked item moves to its quantity');
    await page.keyboard.type('1.234,5');
    await page.keyboard.press('Enter');
    await focusIs('desk-line-0-value', 'Enter on the quantity moves to the value');
    await page.keyboard.type('20.000.000');
    await page.keyboard.press('Enter');
    await focusIs('desk-line-1-item', 'Enter on the value adds a line');
    await page.keyboard.type('noodles');
    await pick('desk-line-1-item', run.items.noodles.name_vi);
    await focusIs('desk-line-1-quantity', "the second item's quantity");
    await page.keyboard.type('50');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await focusIs('desk-line-2-item', 'a third, empty line');
    await screenshot(page, config.screenshotDir, 'aid-desk-goods-desktop');
    // Enter on the empty line saves; the empty line is left out.
    await page.keyboard.press('Enter');
    const number = await visible(page, 'desk-receipt-number', 'the receipt number of the gift in kind');
    run.goodsReceipt = (await number.textContent()).trim();
    assert.notEqual(run.goodsReceipt, run.cashReceipt);
    t.diagnostic(`receipt ${run.goodsReceipt}`);

    await page.getByTestId('desk-open-donation').click();
    await visible(page, 'donation-page');
    run.goodsDonation = new URL(page.url()).pathname.match(UUID)[0];
    assert.equal(await page.getByTestId('donation-line').count(), 2, 'two lines, the empty one left out');
    await textIn('donation-lines', '1.234,5 kg', 'the quantity as typed, with its unit');
    await textIn('donation-goods-value', '20.000.000 ₫', 'the estimated value');
    await textIn('donation-donor', 'Ẩn danh', 'no name');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/receipt'), { timeout: WAIT_MS }),
      page.getByTestId('donation-receipt-a5').click(),
    ]);
    assert.match(response.url(), /paper=a5/);
    assert.match(response.headers()['content-type'] ?? '', /^application\/pdf/);
    for (const other of context.pages()) if (other !== page) await other.close().catch(() => undefined);
  });

  step('donor', "the donor's page shows the masked phone and the statement; adding them again links to them", ['cash'], async () => {
    await page.goto(`/donors/${run.donor.id}`);
    await visible(page, 'donor-page');
    const masked = (await (await visible(page, 'donor-phone-masked')).textContent()).trim();
    assert.ok(masked.endsWith('678') && masked.includes('•'), `the phone shows masked: ${masked}`);
    await textIn('donor-statement-cash', '1.500.000 ₫', 'the cash given so far');
    await page.getByTestId('donor-reveal').click();
    await page.getByTestId('donor-reveal-reason').fill('Gọi xác nhận khoản ủng hộ');
    await page.getByTestId('donor-reveal-submit').click();
    const full = await visible(page, 'donor-phone-full', 'the phone in full');
    assert.equal((await full.textContent()).replace(/\D/g, ''), '0912345678');

    await page.goto('/donors/new');
    await visible(page, 'donor-form');
    await page.getByTestId('donor-kind').selectOption('business');
    await page.getByTestId('donor-name').fill(`Cty Hoàng Phúc (trùng) ${stamp}`);
    await page.getByTestId('donor-submit').click();
    await visible(page, 'field-error-tax_code', 'a business needs its tax code');
    await page.getByTestId('donor-tax-code').fill(taxCode);
    await page.getByTestId('donor-submit').click();
    const duplicate = await visible(page, 'donor-duplicate', 'the donor is there already');
    assert.ok((await duplicate.textContent()).includes('Nhà hảo tâm này đã có'));
    assert.equal(await page.getByTestId('donor-duplicate-link').getAttribute('href'), `/donors/${run.donor.id}`);
  });

  step('campaign', "the campaign's page shows the cash received against its target", ['in-kind'], async () => {
    await page.goto(`/campaigns/${run.campaign.id}`);
    await visible(page, 'campaign-page');
    await textIn('progress-received-text', '1.500.000 ₫ / 5.000.000.000 ₫', 'cash received against the target');
    await visible(page, 'progress-goods', "rice against the campaign's target");
    assert.ok((await page.getByTestId('donation-row').count()) >= 2, 'both donations are listed');
    await screenshot(page, config.screenshotDir, 'aid-campaign-desktop');
  });

  step('transfer', 'a transfer of more than the warehouse holds is refused; a smaller one moves the goods', ['in-kind'], async () => {
    await page.goto(`/stock/${run.from.id}`);
    await visible(page, 'location-page');
    const rice = page.locator(`[data-testid="balance-row"][data-item-id="${run.items.rice.id}"]`);
    await rice.filter({ hasText: '1.234,5 kg' }).waitFor({ timeout: WAIT_MS });

    await page.getByTestId('transfer-to').selectOption(run.to.id);
    await page.getByTestId('transfer-line-0-item').fill('rice');
    await pick('transfer-line-0-item', run.items.rice.name_vi);
    await focusIs('transfer-line-0-quantity', 'the quantity after the item');
    await page.keyboard.type('2.000');
    await page.getByTestId('transfer-submit').click();
    const refused = await visible(page, 'transfer-insufficient', 'a transfer of more than there is is refused');
    assert.ok((await refused.textContent()).includes('Không đủ hàng'), await refused.textContent());
    await rice.filter({ hasText: '1.234,5 kg' }).waitFor({ timeout: WAIT_MS });

    await page.getByTestId('transfer-line-0-quantity').fill('234,5');
    await page.getByTestId('transfer-submit').click();
    try {
      await rice.filter({ hasText: '1.000 kg' }).waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the balance does not show 1.000 kg after the transfer; ${await describePage(page)}`);
    }
    await page.locator('[data-testid="movement-row"][data-kind="transfer_out"]').filter({ hasText: '-234,5 kg' }).first().waitFor({ timeout: WAIT_MS });
    await page.locator('[data-testid="transfer"][data-direction="out"]').filter({ hasText: run.to.name }).first().waitFor({ timeout: WAIT_MS });
  });

  step('adjust', 'an adjustment waits for approval; the one who asked cannot approve it', ['transfer'], async () => {
    await page.getByTestId('adjustment-item').selectOption(run.items.rice.id);
    await page.getByTestId('adjustment-quantity').fill('-12,5');
    await page.getByTestId('adjustment-reason').selectOption('damage');
    await page.getByTestId('adjustment-note').fill(`Bao gạo ướt mưa khi bốc dỡ (E2E ${stamp})`);
    await page.getByTestId('adjustment-submit').click();
    const pending = page.locator('[data-testid="adjustment"][data-status="pending"]').filter({ hasText: stamp }).first();
    try {
      await pending.waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the adjustment is not listed as pending; ${await describePage(page)}`);
    }
    assert.ok((await pending.textContent()).includes('Chờ duyệt'), await pending.textContent());
    assert.equal(await pending.getByTestId('adjustment-approve').count(), 0, 'the requester cannot approve');
    await page.locator(`[data-testid="balance-row"][data-item-id="${run.items.rice.id}"]`).filter({ hasText: '1.000 kg' }).waitFor({ timeout: WAIT_MS });
    await screenshot(page, config.screenshotDir, 'aid-stock-desktop');
    await logout();
  });

  step('approve', 'the second officer approves the adjustment; the balance follows', ['adjust'], async () => {
    await login(office2);
    await page.goto(`/stock/${run.from.id}`);
    const pending = page.locator('[data-testid="adjustment"][data-status="pending"]').filter({ hasText: stamp }).first();
    await pending.waitFor({ timeout: WAIT_MS });
    await pending.getByTestId('adjustment-approve').click();
    try {
      await page.locator('[data-testid="adjustment"][data-status="approved"]').filter({ hasText: stamp }).first().waitFor({ timeout: WAIT_MS });
      await page.locator(`[data-testid="balance-row"][data-item-id="${run.items.rice.id}"]`).filter({ hasText: '987,5 kg' }).waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the approved adjustment does not show in the balance; ${await describePage(page)}`);
    }
    await page.locator('[data-testid="movement-row"][data-kind="adjustment"]').filter({ hasText: '-12,5 kg' }).first().waitFor({ timeout: WAIT_MS });
  });

  step('english', 'the stock page and the desk read in English', ['approve'], async () => {
    await (await visible(page, 'lang-switch')).click();
    const rice = page.locator(`[data-testid="balance-row"][data-item-id="${run.items.rice.id}"]`);
    try {
      await rice.filter({ hasText: '987.5 kg' }).waitFor({ timeout: WAIT_MS });
      await rice.filter({ hasText: run.items.rice.name_en }).waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the balance does not read in English; ${await describePage(page)}`);
    }
    const approved = page.locator('[data-testid="adjustment"][data-status="approved"]').filter({ hasText: stamp }).first();
    assert.ok((await approved.textContent()).includes('Approved'));
    await page.goto(`/donations/${run.goodsDonation}`);
    await textIn('donation-goods-value', '₫20,000,000', 'money the English way');
    await textIn('donation-lines', '1,234.5 kg', 'quantities the English way');
    await page.goto('/donations/new');
    await visible(page, 'desk-form');
    assert.ok((await page.getByTestId('desk-submit').textContent()).includes('Record the donation'));
    await screenshot(page, config.screenshotDir, 'aid-desk-en-desktop');
    await (await visible(page, 'lang-switch')).click();
    await page.getByTestId('desk-submit').filter({ hasText: 'Lưu khoản ủng hộ' }).waitFor({ timeout: WAIT_MS });
  });

  step('phone', 'the pages fit a 360 px screen in both languages', ['approve'], async () => {
    const state = await context.storageState();
    const problems = [];
    for (const lang of ['vi', 'en']) {
      const phone = await browser.newContext({ baseURL: config.baseUrl, ...VIEWPORTS.phone, storageState: state });
      // The language is chosen before the app starts on every page (the app keeps its settings as JSON).
      await phone.addInitScript((code) => localStorage.setItem('danvan.lang', JSON.stringify(code)), lang);
      const small = await phone.newPage();
      small.on('pageerror', (error) => pageErrors.push(`${small.url()}: ${error.message}`));
      try {
        for (const [name, url, marker] of [
          ['desk', `/donations/new?campaign_id=${run.campaign.id}`, 'desk-form'],
          ['donation', `/donations/${run.goodsDonation}`, 'donation-lines'],
          ['campaigns', '/campaigns', 'campaigns-table'],
          ['campaign', `/campaigns/${run.campaign.id}`, 'campaign-progress'],
          ['donors', '/donors', 'donors-table'],
          ['donor', `/donors/${run.donor.id}`, 'donor-statement-card'],
          ['stock', '/stock', 'locations-table'],
          ['location', `/stock/${run.from.id}`, 'balances-table'],
          ['donor-new', '/donors/new', 'donor-form'],
          ['campaign-new', '/campaigns/new', 'campaign-form'],
          ['campaign-edit', `/campaigns/${run.campaign.id}/edit`, 'campaign-form'],
        ]) {
          await small.goto(url);
          try {
            await visible(small, marker);
            const htmlLang = await small.evaluate(() => document.documentElement.lang);
            if (htmlLang !== lang) problems.push(`${name} (${lang}): the page is in ${htmlLang}`);
            const wide = await small.evaluate(() => document.documentElement.scrollWidth);
            if (wide > 360 + 1) problems.push(`${name} (${lang}): the page is ${wide} px wide at 360 px`);
          } catch (error) {
            problems.push(`${name} (${lang}): ${error.message}`);
          }
          await screenshot(small, config.screenshotDir, `aid-${name}-phone-${lang}`);
        }
        // The desk with its goods lines open, on a phone.
        await small.goto(`/donations/new?campaign_id=${run.campaign.id}`);
        await visible(small, 'desk-form');
        await small.getByTestId('desk-channel-in_kind').click();
        await visible(small, 'desk-line-0-item');
        const wide = await small.evaluate(() => document.documentElement.scrollWidth);
        if (wide > 360 + 1) problems.push(`desk in kind (${lang}): the page is ${wide} px wide at 360 px`);
        await screenshot(small, config.screenshotDir, `aid-desk-goods-phone-${lang}`);
      } finally {
        await phone.close();
      }
    }
    assert.deepEqual(problems, []);
  });

  step('page-errors', 'no uncaught error in any aid page', ['setup'], async () => {
    assert.deepEqual(pageErrors, [], 'uncaught errors (a panic of the app shows here)');
  });
});

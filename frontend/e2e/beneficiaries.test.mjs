// Beneficiaries and distributions (issue 13) in a real browser (Debian's headless Chromium
// through playwright-core), against the server `cargo xtask test --only browser` starts
// (see app.test.mjs).
//
// Set up over the API: as the admin, the Office's `vanphong` and a second Office officer
// `vanphong2-e2e` (made, or given a known password), and an org unit when the database has
// none; as the Office, the item rice unless it is there, a ward of Hồ Chí Minh City where
// nobody is registered yet, a warehouse of this run in it, an open campaign of this run
// with a cash gift and rice received at that warehouse.
//
// Then in the browser, as the Office officer: a household is entered in that ward, its
// head with a citizen ID (CCCD) of this run, shown masked and revealed in full with a
// reason; a second member whose name differs from the head's by one letter, born the same
// year, meets the duplicate prompt naming the head, and is entered anyway with a reason
// (audited). The registry finds them without diacritics. A round is built for the ward
// (cash each and rice from the warehouse), its preview covers the two, and it is saved as
// a draft its author may not approve. The second officer approves it, in English. On a
// 360 px phone the first officer delivers to both from the checklist, each with the name of
// who signed; the round counts two delivered. Without logging in, the campaign's public
// page shows the cash handed out grown by twice the cash each, with its flow drawn. The
// pages fit a 360 px screen in both languages. Screenshots: target/screenshots/ben-*.png.
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
/** Twelve digits of this run: 079 (Hồ Chí Minh City), 3 (a woman born in the 1900s), 85, six more. */
const citizenId = `079385${String(Date.now()).slice(-6)}`;
/** As an officer types it, with spaces. */
const citizenIdTyped = citizenId.replace(/^(\d{3})(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3 $4');
const phone = `09${String(Date.now()).slice(-8)}`;

const office = { username: 'vanphong', displayName: 'Cán bộ Văn phòng (demo)', role: 'office', password: `Văn-phòng-${stamp}` };
const office2 = {
  username: 'vanphong2-e2e',
  displayName: 'Cán bộ Văn phòng 2 (E2E)',
  role: 'office',
  password: `Văn-phòng-2-${stamp}`,
};

/** Cash each person of the round gets, in đồng, and rice each, in kg. */
const CASH_EACH = 500_000;
const RICE_EACH = 10;

/** What this run makes; ids filled in by the setup and the steps. */
const run = {
  campaign: { name: `Hỗ trợ người lao động mất thu nhập ${stamp}`, id: undefined },
  location: { name: `Kho-E2E-${stamp} phát quà`, id: undefined },
  household: { name: `Hộ bà Trần Thị Hoa Lan ${stamp}`, address: `Số 12 hẻm 34 đường E2E-${stamp}`, id: undefined },
  // The two names differ by their last letter: likely the same person to the server.
  head: { name: 'Trần Thị Hoa Lan', birth: '1985-03-14', id: undefined },
  member: { name: 'Trần Thị Hoa Lam', search: 'hoa lam', birth: '1985-11-02', id: undefined },
  round: { name: `Đợt phát E2E ${stamp}`, id: undefined },
  province: undefined,
  ward: undefined,
  rice: undefined,
  categories: {},
  distributedBefore: 0,
};

function must(status, body, what) {
  if (status >= 300) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** "1.000.000": đồng grouped the Vietnamese way. */
function grouped(amount) {
  return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** "1.000.000 ₫": money the Vietnamese way. */
function vnd(amount) {
  return `${grouped(amount)} ₫`;
}

describe('Beneficiaries and distributions: a household, the duplicate prompt, a round delivered on a phone, the public figures', () => {
  let config;
  let browser;
  let context;
  let page;
  const pageErrors = [];
  const contexts = [];

  const step = steps({ prefix: 'ben-', pageOf: () => page, timeout: 180_000 });

  async function login(target, user) {
    await target.goto('/');
    await target.evaluate(() => localStorage.removeItem('danvan.tokens'));
    await target.goto('/');
    await submitLogin(target, user.username, user.password);
    await visible(target, 'logout', `${user.username} signed in`);
  }

  /** A fresh browser context (its pages' errors recorded) with `lang` chosen before the app starts. */
  async function newContext(viewport, lang, storageState) {
    const made = await browser.newContext({ baseURL: config.baseUrl, ...viewport, ...(storageState ? { storageState } : {}) });
    if (lang) await made.addInitScript((code) => localStorage.setItem('danvan.lang', JSON.stringify(code)), lang);
    contexts.push(made);
    return made;
  }

  function track(target) {
    target.on('pageerror', (error) => pageErrors.push(`${target.url()}: ${error.message}`));
    return target;
  }

  /** Waits for a text in the element `id` of `target`. */
  async function textIn(target, id, text, why) {
    try {
      await target.getByTestId(id).filter({ hasText: text }).first().waitFor({ timeout: WAIT_MS });
    } catch {
      const shown = await target.getByTestId(id).first().textContent().catch(() => '(none)');
      throw new Error(`${id} should show "${text}" (${why}), it shows ${JSON.stringify(shown)}; ${await describePage(target)}`);
    }
  }

  /** How many px the page is wider than its viewport. */
  async function overflow(target) {
    return target.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  before(async () => {
    config = settings();
    fs.mkdirSync(config.screenshotDir, { recursive: true });
    browser = await launchChromium(config.chromium);
    context = await newContext(VIEWPORTS.desktop, 'vi');
    page = track(await context.newPage());
  });

  after(async () => {
    await browser?.close();
  });

  step('setup', 'the admin makes two Office officers; the Office makes a warehouse in an empty ward and a campaign with cash and rice', [], async (t) => {
    const admin = await apiToken(config.baseUrl, config.adminUsername, config.adminPassword);
    for (const user of [office, office2]) await apiEnsureUser(config.baseUrl, admin, user);
    const callAs = (token) => async (method, path, body, what) => {
      const headers = method === 'POST' ? { 'idempotency-key': `e2e-ben-${stamp}-${what.replace(/\W+/g, '-')}` } : {};
      const answer = await api(config.baseUrl, method, path, { token, body, headers });
      return must(answer.status, answer.body, `${method} ${path} (${what})`);
    };
    const adminCall = callAs(admin);
    let units = (await adminCall('GET', '/api/v1/org-units?limit=200', undefined, 'units')).items;
    if (units.length === 0) {
      units = [await adminCall('POST', '/api/v1/org-units', { code: `VP-${stamp}`, name: 'Văn phòng Ban', kind: 'office' }, 'unit')];
    }
    const unit = units.find((u) => u.kind === 'office') ?? units[0];
    const call = callAs(await apiToken(config.baseUrl, office.username, office.password));

    const items = await call('GET', '/api/v1/aid-items?active=true', undefined, 'items');
    run.rice =
      items.find((i) => i.code === 'rice') ??
      (await call('POST', '/api/v1/aid-items', { code: 'rice', name_vi: 'Gạo', name_en: 'Rice', unit: 'kg', category: 'food' }, 'item rice'));

    const categories = await call('GET', '/api/v1/support-categories?active=true', undefined, 'categories');
    for (const code of ['lost_income', 'young_workers_renting']) {
      run.categories[code] = categories.find((c) => c.code === code);
      assert.ok(run.categories[code], `the seeded category ${code} is there: ${JSON.stringify(categories.map((c) => c.code))}`);
    }

    // A ward of Hồ Chí Minh City (2025 layout: communes right under the province) where the
    // admin sees nobody, so that the round covers exactly this run's two people.
    const provinces = await call('GET', '/api/v1/areas?layout=2025&level=province&code=79', undefined, 'province 79');
    run.province = provinces.items[0];
    const communes = (await call('GET', `/api/v1/areas/${run.province.id}/children`, undefined, 'communes of 79')).filter(
      (area) => area.level === 'commune',
    );
    assert.ok(communes.length > 0, 'Hồ Chí Minh City has communes');
    const start = parseInt(stamp.slice(-4), 36) % communes.length;
    for (let i = 0; i < communes.length && !run.ward; i += 1) {
      const commune = communes[(start + i) % communes.length];
      const people = await adminCall('GET', `/api/v1/beneficiaries?area_id=${commune.id}&limit=1`, undefined, 'people of a ward');
      if (people.items.length === 0) run.ward = commune;
    }
    assert.ok(run.ward, 'a ward of Hồ Chí Minh City where nobody is registered');

    const location = await call(
      'POST',
      '/api/v1/aid-locations',
      { name: run.location.name, kind: 'warehouse', org_unit_id: unit.id, area_id: run.ward.id, address: 'E2E' },
      'location',
    );
    run.location.id = location.id;
    const campaign = await call(
      'POST',
      '/api/v1/campaigns',
      {
        name: run.campaign.name,
        purpose: 'Hỗ trợ người lao động mất việc làm, mất thu nhập',
        starts_on: '2021-07-15',
        status: 'open',
        org_unit_id: unit.id,
        area_ids: [run.province.id],
        beneficiary_categories: ['lost_income'],
        target_cash: 100_000_000,
      },
      'campaign',
    );
    run.campaign.id = campaign.id;
    await call(
      'POST',
      '/api/v1/donations',
      { campaign_id: campaign.id, received_on: '2021-08-02', channel: 'cash', cash_amount: 20_000_000 },
      'cash gift',
    );
    await call(
      'POST',
      '/api/v1/donations',
      {
        campaign_id: campaign.id,
        received_on: '2021-08-03',
        channel: 'in_kind',
        location_id: location.id,
        lines: [{ item_id: run.rice.id, quantity: '200', estimated_value: 4_000_000 }],
      },
      'rice gift',
    );

    const report = await api(config.baseUrl, 'GET', `/api/v1/public/aid/campaigns/${campaign.id}`);
    must(report.status, report.body, 'the public report before any delivery');
    run.distributedBefore = report.body.campaign.distributed_cash;
    assert.equal(report.body.campaign.received_cash, 20_000_000, 'the public report counts the cash gift');
    t.diagnostic(`ward ${run.ward.name} (${run.ward.id}), warehouse ${run.location.id}, campaign ${run.campaign.id}`);
  });

  step('household', 'the officer enters a household in the ward', ['setup'], async () => {
    await login(page, office);
    await page.goto('/beneficiaries');
    await (await visible(page, 'household-new', 'the registry offers a new household')).click();
    await visible(page, 'household-form');
    await page.getByTestId('household-name').fill(run.household.name);
    await page.getByTestId('household-area-province').selectOption(run.province.id);
    await page.getByTestId('household-area-commune').selectOption(run.ward.id);
    await page.getByTestId('household-address').fill(run.household.address);
    await screenshot(page, config.screenshotDir, 'ben-household-new-desktop');
    await page.getByTestId('household-submit').click();
    await textIn(page, 'household-name', run.household.name, "the household's page after saving");
    run.household.id = new URL(page.url()).pathname.match(UUID)?.[0];
    assert.ok(run.household.id, `the household's page has its id: ${page.url()}`);
    const facts = await page.getByTestId('household-page').innerText();
    assert.ok(facts.includes(run.ward.name), `the household lives in ${run.ward.name}: ${facts}`);
    assert.ok(facts.includes('Chưa có'), `no head yet: ${facts}`);
  });

  step('head', "the head is added with a CCCD shown masked, then in full after a reason", ['household'], async () => {
    await (await visible(page, 'household-add-member')).click();
    await visible(page, 'ben-form', 'the new-person form of the household');
    await textIn(page, 'ben-household', run.household.name, 'the form names the household');
    await page.getByTestId('ben-full-name').fill(run.head.name);
    await page.getByTestId('ben-is-head').check();
    await page.getByTestId('ben-category-lost_income').check();
    await page.getByTestId('ben-hardship-lost_job').check();
    await page.getByTestId('ben-citizen-id').fill(citizenIdTyped);
    await page.getByTestId('ben-phone').fill(phone);
    await page.getByTestId('ben-birth-date').fill(run.head.birth);
    await page.getByTestId('ben-consent-given-by').fill('Bản thân');
    await page.getByTestId('ben-consent-purpose').fill('Nhận hỗ trợ của Ủy ban MTTQ');
    await page.getByTestId('ben-submit').click();

    await textIn(page, 'ben-name', run.head.name, "the person's page after saving");
    run.head.id = new URL(page.url()).pathname.match(UUID)?.[0];
    assert.ok(run.head.id && page.url().includes('/beneficiaries/'), `the person's page: ${page.url()}`);
    await textIn(page, 'ben-household-link', run.household.name, 'the person belongs to the household');
    const masked = (await (await visible(page, 'ben-citizen-id-masked')).textContent()).trim();
    assert.ok(masked.includes('•') && masked.endsWith(citizenId.slice(-3)), `the CCCD shows masked: ${masked}`);
    assert.ok(!(await page.locator('main').innerText()).includes(citizenId), 'the full CCCD is nowhere on the page');
    await screenshot(page, config.screenshotDir, 'ben-person-masked-desktop');

    await page.getByTestId('ben-reveal').click();
    await visible(page, 'ben-reveal-form', 'reveal asks why');
    await page.getByTestId('ben-reveal-submit').click();
    await visible(page, 'field-error-reason', 'a reveal without a reason is refused');
    assert.equal(await page.getByTestId('ben-citizen-id-full').count(), 0, 'nothing shown without a reason');
    await page.getByTestId('ben-reveal-reason').fill('Đối chiếu CCCD khi phát quà');
    await page.getByTestId('ben-reveal-submit').click();
    const full = await visible(page, 'ben-citizen-id-full', 'the CCCD in full after the reason');
    assert.equal((await full.textContent()).replace(/\D/g, ''), citizenId);
    assert.equal((await page.getByTestId('ben-phone-full').textContent()).replace(/\D/g, ''), phone);
    await screenshot(page, config.screenshotDir, 'ben-person-revealed-desktop');
  });

  step('duplicate', 'a second member with a name one letter away meets the duplicate prompt and is entered anyway with a reason', ['head'], async () => {
    await page.getByTestId('ben-household-link').click();
    await textIn(page, 'household-head', run.head.name, 'the household has its head');
    await page.getByTestId('household-add-member').click();
    await visible(page, 'ben-form');
    await textIn(page, 'ben-household', run.household.name, 'the form names the household');
    await page.getByTestId('ben-full-name').fill(run.member.name);
    await page.getByTestId('ben-category-lost_income').check();
    await page.getByTestId('ben-category-young_workers_renting').check();
    await page.getByTestId('ben-birth-date').fill(run.member.birth);
    await page.getByTestId('ben-consent-given-by').fill('Bản thân');
    await page.getByTestId('ben-consent-purpose').fill('Nhận hỗ trợ của Ủy ban MTTQ');
    await page.getByTestId('ben-submit').click();

    const prompt = await visible(page, 'ben-duplicate-prompt', 'a name close to the head\'s, born the same year, in the same household');
    const candidate = prompt.getByTestId('ben-candidate').filter({ hasText: run.head.name });
    assert.equal(await candidate.count(), 1, `the prompt names the head: ${await prompt.innerText()}`);
    assert.equal(await candidate.getAttribute('href'), `/beneficiaries/${run.head.id}`, "the candidate links to the head's page");
    assert.ok(new URL(page.url()).pathname === '/beneficiaries/new', `nothing was created yet: ${page.url()}`);
    await page.getByTestId('ben-enter-anyway').click();
    await visible(page, 'field-error-override_reason', '"enter anyway" asks for a reason');
    assert.ok(new URL(page.url()).pathname === '/beneficiaries/new', `still nothing created without a reason: ${page.url()}`);
    await page.getByTestId('ben-override-reason').fill('Hai chị em khác nhau, cùng sống trong hộ');
    await page.getByTestId('ben-duplicate-prompt').scrollIntoViewIfNeeded();
    await screenshot(page, config.screenshotDir, 'ben-duplicate-prompt-desktop');
    await page.getByTestId('ben-enter-anyway').click();

    await textIn(page, 'ben-name', run.member.name, "the second person's page after entering anyway");
    run.member.id = new URL(page.url()).pathname.match(UUID)?.[0];
    assert.ok(run.member.id && run.member.id !== run.head.id, `a new person: ${page.url()}`);
    await page.getByTestId('ben-household-link').click();
    await visible(page, 'household-members');
    try {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="household-member"]').length === 2, null, { timeout: WAIT_MS });
    } catch {
      throw new Error(`the household should list two members; ${await describePage(page)}`);
    }
    const members = await page.getByTestId('household-members').innerText();
    assert.ok(members.includes(run.head.name) && members.includes(run.member.name), members);

    // The override is audited, naming the candidate; the CCCD is in no audit record.
    const admin = await apiToken(config.baseUrl, config.adminUsername, config.adminPassword);
    const audit = await api(config.baseUrl, 'GET', `/api/v1/audit?entity=beneficiary&entity_id=${run.member.id}&action=override`, { token: admin });
    must(audit.status, audit.body, 'GET /api/v1/audit (the override)');
    assert.equal(audit.body.items.length, 1, `the override is audited: ${JSON.stringify(audit.body)}`);
    const overridden = audit.body.items[0].after ?? {};
    assert.deepEqual(overridden.candidates, [run.head.id], `the audit names the candidate: ${JSON.stringify(overridden)}`);
    assert.ok(String(overridden.reason).startsWith('Hai chị em'), `the audit keeps the reason: ${JSON.stringify(overridden)}`);
    const headAudit = await api(config.baseUrl, 'GET', `/api/v1/audit?entity=beneficiary&entity_id=${run.head.id}`, { token: admin });
    must(headAudit.status, headAudit.body, 'GET /api/v1/audit (the head)');
    assert.ok(headAudit.body.items.length >= 1, 'the head has audit records');
    assert.ok(!JSON.stringify(headAudit.body).includes(citizenId), 'no audit record holds the CCCD');
  });

  step('registry', 'the registry lists the household masked and finds the member without diacritics', ['duplicate'], async () => {
    await page.goto(`/beneficiaries?household_id=${run.household.id}`);
    await visible(page, 'ben-filter-household', 'the registry filtered by the household');
    try {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="ben-row"]').length === 2, null, { timeout: WAIT_MS });
    } catch {
      throw new Error(`the registry should list the household's two people; ${await describePage(page)}`);
    }
    const headRow = page
      .getByTestId('ben-row')
      .filter({ has: page.getByTestId('ben-link').getByText(run.head.name, { exact: true }) });
    const rowText = await headRow.innerText();
    assert.ok(rowText.includes(`•${citizenId.slice(-3)}`) && !rowText.includes(citizenId), `the CCCD is masked in the list: ${rowText}`);
    await page.getByTestId('ben-filter-q').fill(run.member.search);
    try {
      await page.waitForURL(/[?&]q=hoa(\+|%20)lam/, { timeout: WAIT_MS });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="ben-row"]').length === 1, null, { timeout: WAIT_MS });
    } catch {
      throw new Error(`searching "${run.member.search}" should keep only ${run.member.name}; ${await describePage(page)}`);
    }
    assert.ok((await page.getByTestId('ben-row').innerText()).includes(run.member.name));
    await screenshot(page, config.screenshotDir, 'ben-registry-desktop');
  });

  step('round', 'a round for the ward is previewed with the two people and saved as a draft its author may not approve', ['duplicate'], async () => {
    await page.goto('/distributions');
    await (await visible(page, 'round-new', 'the Office may build a round')).click();
    await visible(page, 'round-builder');
    await page.getByTestId('round-campaign').selectOption(run.campaign.id);
    await page.getByTestId('round-name').fill(run.round.name);
    await page.getByTestId('round-province').selectOption(run.province.id);
    await (await visible(page, 'round-below', 'the wards of the province')).selectOption(run.ward.id);
    await page.getByTestId('round-cash').fill(grouped(CASH_EACH));
    await page.getByTestId('round-location').selectOption(run.location.id);
    await page.getByTestId('round-item-0').selectOption(run.rice.id);
    await page.getByTestId('round-quantity-0').fill(String(RICE_EACH));
    await page
      .getByTestId('round-categories')
      .locator('label')
      .filter({ hasText: run.categories.lost_income.name_vi })
      .locator('input')
      .check();
    await page.getByTestId('round-preview').click();

    const preview = await visible(page, 'round-preview-result', 'the preview');
    try {
      await preview.filter({ hasText: 'Đủ điều kiện: 2 người' }).waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the preview should cover the two people of the ward: ${await preview.innerText()}`);
    }
    const names = await preview.locator('.preview-names').innerText();
    assert.ok(names.includes(run.head.name) && names.includes(run.member.name), `the preview names both: ${names}`);
    const cash = await page.getByTestId('preview-cash').innerText();
    assert.ok(cash.includes(`Tiền cần: ${vnd(2 * CASH_EACH)}`) && cash.trim().endsWith('Đủ'), `the campaign's cash covers the round: ${cash}`);
    const goods = await page.getByTestId('preview-goods').innerText();
    assert.ok(goods.includes('20 kg') && goods.trim().endsWith('Đủ'), `the warehouse's rice covers the round: ${goods}`);
    await screenshot(page, config.screenshotDir, 'ben-round-preview-desktop');

    await page.getByTestId('round-save').click();
    await visible(page, 'round-page', "the round's page after saving");
    run.round.id = new URL(page.url()).pathname.match(UUID)?.[0];
    assert.ok(run.round.id, `the round's page: ${page.url()}`);
    await textIn(page, 'round-status-badge', 'Nháp', 'a new round is a draft');
    await textIn(page, 'round-counts', '0 đã nhận · 2 chưa phát · 0 chưa trao được', 'two people planned');
    assert.equal(await page.getByTestId('round-line').count(), 2, 'two lines');
    assert.equal(await page.getByTestId('round-approve').count(), 0, 'its author may not approve it');
    assert.equal(await page.getByTestId('round-checklist').count(), 0, 'a draft is not delivered');
  });

  step('approve', 'the second officer approves the round, in English', ['round'], async () => {
    const other = await newContext(VIEWPORTS.desktop, 'en');
    const second = track(await other.newPage());
    await login(second, office2);
    await second.goto(`/distributions/${run.round.id}`);
    await visible(second, 'round-page');
    assert.equal(await second.evaluate(() => document.documentElement.lang), 'en');
    await textIn(second, 'round-status-badge', 'Draft', 'the draft, in English');
    await textIn(second, 'round-counts', '0 delivered · 2 to deliver · 0 not delivered', 'the counts in English');
    const approve = await visible(second, 'round-approve', 'another Office officer may approve');
    assert.equal((await approve.textContent()).trim(), 'Approve');
    await approve.click();
    await textIn(second, 'round-status-badge', 'Approved', 'the round is approved');
    const facts = await second.getByTestId('round-page').locator('dl.facts').innerText();
    assert.match(facts, new RegExp(`Approved by\\s*${office2.displayName.replace(/[()]/g, '\\$&')}`), facts);
    assert.ok(facts.includes(`₫${grouped(CASH_EACH).replace(/\./g, ',')}`), `cash each the English way: ${facts}`);
    await screenshot(second, config.screenshotDir, 'ben-round-approved-desktop-en');
    await other.close();
  });

  step('deliver', 'on a 360 px phone the officer delivers to both from the checklist; the round counts two delivered', ['approve'], async () => {
    const phoneContext = await newContext(VIEWPORTS.phone, 'vi', await context.storageState());
    const small = track(await phoneContext.newPage());
    page = small;
    await small.goto(`/distributions/${run.round.id}`);
    await textIn(small, 'round-status-badge', 'Đã duyệt', 'the approved round');
    await (await visible(small, 'round-checklist', 'an approved round opens its checklist')).click();
    await visible(small, 'checklist-page');
    await textIn(small, 'checklist-progress', 'Đã phát 0/2', 'nothing delivered yet');
    assert.equal(await small.getByTestId('checklist-row').count(), 2, 'two rows to deliver');
    const wide = await overflow(small);
    assert.ok(wide <= 0, `the checklist is ${wide} px wider than the 360 px screen`);
    const deliver = small.getByTestId('checklist-row').first().getByTestId('deliver');
    const box = await deliver.boundingBox();
    assert.ok(box && box.height >= 44, `"Delivered" is a large target on a phone: ${JSON.stringify(box)}`);
    await screenshot(small, config.screenshotDir, 'ben-checklist-phone');

    // Every row stays in view while it is delivered.
    await small.getByTestId('filter-all').click();
    const lines = await small.getByTestId('checklist-row').evaluateAll((rows) => rows.map((row) => row.dataset.lineId));
    assert.equal(lines.length, 2);
    for (const [index, line] of lines.entries()) {
      const row = small.locator(`[data-testid="checklist-row"][data-line-id="${line}"]`);
      const name = (await row.locator('.who strong').innerText()).trim();
      await row.getByTestId('deliver').click();
      const confirm = row.getByTestId('confirm-delivery');
      assert.ok(await confirm.isDisabled(), 'no confirmation without the name of who signed');
      await row.getByTestId('confirmation').fill(name);
      if (index === 0) await screenshot(small, config.screenshotDir, 'ben-checklist-confirm-phone');
      await confirm.click();
      try {
        await row.getByTestId('row-status').filter({ hasText: `Đã nhận · ${name}` }).waitFor({ timeout: WAIT_MS });
        await row.locator('.sending').waitFor({ state: 'detached', timeout: WAIT_MS });
      } catch {
        throw new Error(`the delivery to ${name} was not recorded; ${await describePage(small)}`);
      }
      const error = await row.locator('.row-error').count();
      assert.equal(error, 0, `the delivery to ${name} failed: ${await row.innerText()}`);
      await textIn(small, 'checklist-progress', `Đã phát ${index + 1}/2`, 'the progress follows');
    }
    await screenshot(small, config.screenshotDir, 'ben-checklist-done-phone');

    await small.goto(`/distributions/${run.round.id}`);
    await textIn(small, 'round-counts', '2 đã nhận · 0 chưa phát · 0 chưa trao được', 'both delivered');
    await textIn(small, 'round-status-badge', 'Đang phát', 'the round is being delivered');
    const roundWide = await overflow(small);
    assert.ok(roundWide <= 0, `the round's page is ${roundWide} px wider than the 360 px screen`);
    await screenshot(small, config.screenshotDir, 'ben-round-delivered-phone');

    // What the person received shows on their page.
    await small.goto(`/beneficiaries/${run.member.id}`);
    await textIn(small, 'ben-deliveries', run.round.name, 'the member received from the round');
  });

  step('public', "without logging in, the campaign's public page shows the cash handed out grown by 2 × cash each", ['deliver'], async () => {
    const expected = run.distributedBefore + 2 * CASH_EACH;
    const report = await api(config.baseUrl, 'GET', `/api/v1/public/aid/campaigns/${run.campaign.id}`);
    must(report.status, report.body, 'the public report');
    assert.equal(report.body.campaign.distributed_cash, expected, 'the public API counts both deliveries');
    assert.equal(report.body.campaign.beneficiaries, 2, 'two people received from the campaign');
    assert.ok(!JSON.stringify(report.body).includes(run.head.name), 'no beneficiary is named in public');

    const anonymous = await newContext(VIEWPORTS.phone);
    const open = track(await anonymous.newPage());
    page = open;
    await open.goto(`/public/aid/campaigns/${run.campaign.id}`);
    try {
      await open.getByRole('heading', { name: run.campaign.name }).waitFor({ timeout: WAIT_MS });
      await open.locator('svg.flow path.band').first().waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the public campaign page shows no campaign or flow; ${await describePage(open)}`);
    }
    const figure = open.locator('.figure').filter({ hasText: 'Tiền đã trao' }).first().locator('dd');
    assert.equal((await figure.innerText()).trim(), vnd(expected), 'the page shows the cash handed out');
    const text = await open.locator('main').innerText();
    assert.match(text, new RegExp(`Tiền đã nhận\\s*${vnd(20_000_000).replace(/\./g, '\\.')}`), 'the cash received');
    assert.ok(!text.includes(run.head.name) && !text.includes(run.member.name), 'no beneficiary is named on the public page');
    const wide = await overflow(open);
    assert.ok(wide <= 0, `the public page is ${wide} px wider than the 360 px screen`);
    await screenshot(open, config.screenshotDir, 'ben-public-campaign-phone');
    await open.locator('svg.flow').scrollIntoViewIfNeeded();
    await screenshot(open, config.screenshotDir, 'ben-public-flow-phone');
    await anonymous.close();
  });

  step('phone', 'the beneficiary and distribution pages fit a 360 px screen in both languages', ['deliver'], async () => {
    const state = await context.storageState();
    const problems = [];
    for (const lang of ['vi', 'en']) {
      const phoneContext = await newContext(VIEWPORTS.phone, lang, state);
      const small = track(await phoneContext.newPage());
      page = small;
      try {
        for (const [name, url, marker] of [
          ['registry', '/beneficiaries', 'ben-page'],
          ['household', `/households/${run.household.id}`, 'household-members'],
          ['person', `/beneficiaries/${run.head.id}`, 'ben-citizen-id-masked'],
          ['person-new', `/beneficiaries/new?household_id=${run.household.id}`, 'ben-form'],
          ['household-new', '/households/new', 'household-form'],
          ['rounds', '/distributions', 'rounds-page'],
          ['round-new', '/distributions/new', 'round-builder'],
          ['round', `/distributions/${run.round.id}`, 'round-lines'],
          ['checklist', `/distributions/${run.round.id}/checklist`, 'checklist-page'],
        ]) {
          await small.goto(url);
          try {
            await visible(small, marker);
            const htmlLang = await small.evaluate(() => document.documentElement.lang);
            if (htmlLang !== lang) problems.push(`${name} (${lang}): the page is in ${htmlLang}`);
            const wide = await overflow(small);
            if (wide > 1) problems.push(`${name} (${lang}): the page is ${wide} px wider than the 360 px screen`);
          } catch (error) {
            problems.push(`${name} (${lang}): ${error.message}`);
          }
          await screenshot(small, config.screenshotDir, `ben-${name}-phone-${lang}`);
        }
        // Labels in the chosen language.
        await small.goto(`/distributions/${run.round.id}/checklist`);
        await small.getByTestId('filter-done').click();
        const label = lang === 'en' ? 'Delivered 2 of 2' : 'Đã phát 2/2';
        await textIn(small, 'checklist-progress', label, `the progress in ${lang}`);
        assert.equal(await small.getByTestId('checklist-row').count(), 2, 'both rows are done');
      } finally {
        await phoneContext.close();
      }
    }
    assert.deepEqual(problems, []);
  });

  step('page-errors', 'no uncaught error in any of these pages', ['setup'], async () => {
    assert.deepEqual(pageErrors, [], 'uncaught errors (a panic of the app shows here)');
  });
});

// Community COVID teams in a real browser (Debian's headless Chromium through playwright-core),
// against the server `cargo xtask test --only browser` starts (see app.test.mjs).
//
// Set up over the API as the admin: the Office's `vanphong`, a second Office evaluator
// `vanphong2-e2e` and the leadership's `lanhdao` (made, or given a known password when the
// demo made them), and, as the Office, two teams in Hà Nội and Hồ Chí Minh City with monthly
// indicator values. Then, in the browser: the Office adds a member (the phone shows masked
// and is revealed with a reason), logs an activity, records a month's values and nominates
// the Hà Nội team; two Office evaluators score it and send it to the leadership; the leader,
// told by a notification, recommends it (refusing needs a reason); the Office records the
// Hồ Chí Minh City team's adoption, with its before/after chart; the map's counts match the
// API's and a marker filters the registry; the model's page reads in English; every page
// fits a 360 px screen. Screenshots go to target/screenshots/community-teams-*.png.
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

const office = { username: 'vanphong', displayName: 'Cán bộ Văn phòng (demo)', role: 'office', password: `Văn-phòng-${stamp}` };
const office2 = {
  username: 'vanphong2-e2e',
  displayName: 'Cán bộ Văn phòng 2 (E2E)',
  role: 'office',
  password: `Văn-phòng-2-${stamp}`,
};
const leader = { username: 'lanhdao', displayName: 'Lãnh đạo Ban (demo)', role: 'leader', password: `Lãnh-đạo-${stamp}` };

/** The nominated team (Hà Nội) and the adopting one (Hồ Chí Minh City). */
const model = { name: `Tổ COVID cộng đồng E2E ${stamp}`, id: undefined, province: undefined, modelId: undefined };
const adopter = { name: `Tổ hỗ trợ F0 E2E ${stamp}`, id: undefined, province: undefined };

/** Scores of the two evaluators, in the rubric's order. */
const CRITERIA = ['effectiveness', 'community_participation', 'sustainability', 'replicability', 'cost_efficiency'];
const SCORES = [
  [5, 4, 4, 5, 3],
  [3, 4, 4, 5, 3],
];

/** A 2×2 PNG, for the photo of an activity. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

const STATUS = {
  vi: { nominated: 'Được đề cử', evaluating: 'Đang đánh giá', awaiting_decision: 'Chờ quyết định', recommended: 'Đề xuất nhân rộng' },
  en: { recommended: 'Recommended for replication', awaiting_decision: 'Awaiting decision' },
};

function must(status, body, what) {
  if (status >= 300) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

describe('Community teams: registry, roster, nomination, evaluation, decision, adoption, map', () => {
  let config;
  let browser;
  let context;
  let page;
  const pageErrors = [];

  const step = steps({ prefix: 'community-teams-', pageOf: () => page, timeout: 180_000 });

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

  /** Waits until the model's status badge is `status`. */
  async function statusIs(status) {
    try {
      await page.locator(`[data-testid="model-status"][data-status="${status}"]`).waitFor({ timeout: WAIT_MS });
    } catch {
      const shown = await page.getByTestId('model-status').first().textContent().catch(() => '(none)');
      throw new Error(`the model's status shows ${JSON.stringify(shown)}, not ${status}; ${await describePage(page)}`);
    }
  }

  /** Waits for `count` elements of test id `id`. */
  async function countIs(id, count, why) {
    try {
      await page.waitForFunction(
        ([testid, n]) => document.querySelectorAll(`[data-testid="${testid}"]`).length === n,
        [id, count],
        { timeout: WAIT_MS },
      );
    } catch {
      const shown = await page.getByTestId(id).count();
      throw new Error(`${count} × ${id} expected (${why}), ${shown} shown; ${await describePage(page)}`);
    }
  }

  async function openModel(user) {
    await login(user);
    await page.goto(`/team-models/${model.modelId}`);
    await visible(page, 'model-page', 'the model page');
  }

  /** Scores the model as the signed-in evaluator. */
  async function evaluate(scores, comment) {
    await visible(page, 'evaluate-form', 'the evaluation form');
    for (const [index, criterion] of CRITERIA.entries()) {
      await page.getByTestId(`evaluate-score-${criterion}`).selectOption(String(scores[index]));
    }
    await page.getByTestId('evaluate-comment-effectiveness').fill(comment);
    await page.getByTestId('evaluate-submit').click();
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

  step('setup', 'the admin makes the Office, a second evaluator and the leader; the Office registers two teams', [], async (t) => {
    const admin = await apiToken(config.baseUrl, config.adminUsername, config.adminPassword);
    for (const user of [office, office2, leader]) await apiEnsureUser(config.baseUrl, admin, user);
    const token = await apiToken(config.baseUrl, office.username, office.password);
    const call = async (method, path, body, what) => {
      const headers = method === 'POST' ? { 'idempotency-key': `e2e-ct-${stamp}-${what.replace(/\W+/g, '-')}` } : {};
      const answer = await api(config.baseUrl, method, path, { token, body, headers });
      return must(answer.status, answer.body, `${method} ${path} (${what})`);
    };

    let kinds = (await call('GET', '/api/v1/team-kinds?active=true', undefined, 'kinds')).filter((k) => k.active);
    if (kinds.length === 0) {
      kinds = [await call('POST', '/api/v1/team-kinds', { code: 'e2e', name_vi: 'Tổ COVID cộng đồng', name_en: 'Community COVID team' }, 'kind')];
    }
    const commune = async (code) => {
      const provinces = await call('GET', `/api/v1/areas?layout=2025&level=province&code=${code}`, undefined, `province ${code}`);
      const province = provinces.items[0];
      const below = await call('GET', `/api/v1/areas/${province.id}/children`, undefined, `communes of ${code}`);
      return { province, commune: below.find((area) => area.level === 'commune') };
    };
    for (const [team, code] of [[model, '01'], [adopter, '79']]) {
      const { province, commune: area } = await commune(code);
      const created = await call(
        'POST',
        '/api/v1/community-teams',
        { name: team.name, kind_id: kinds[0].id, area_id: area.id, founded_on: '2021-07-01', households_covered: 850 },
        `team ${code}`,
      );
      Object.assign(team, { id: created.id, province: province.id, provinceName: province.name });
    }

    // Six months of values for the adopter (before and after October 2021), two for the model.
    const indicators = (await call('GET', '/api/v1/team-indicators?active=true', undefined, 'indicators')).filter((i) => i.active);
    t.diagnostic(`${kinds.length} kinds, ${indicators.length} indicators`);
    const months = ['2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12'];
    for (const [index, period] of months.entries()) {
      const values = indicators.map((indicator, n) => ({ indicator_id: indicator.id, value: 10 * (n + 1) + 5 * index }));
      if (values.length > 0) await call('POST', `/api/v1/community-teams/${adopter.id}/indicator-values`, { period, values }, `adopter ${period}`);
    }
    for (const period of ['2021-08', '2021-09']) {
      const values = indicators.map((indicator, n) => ({ indicator_id: indicator.id, value: 20 * (n + 1) }));
      if (values.length > 0) await call('POST', `/api/v1/community-teams/${model.id}/indicator-values`, { period, values }, `model ${period}`);
    }
    t.diagnostic(`teams ${model.id} (${model.provinceName}), ${adopter.id} (${adopter.provinceName})`);
  });

  step('registry', 'the Office finds the team in the registry, adds a member, reveals the phone with a reason, logs an activity', ['setup'], async () => {
    await login(office);
    await (await visible(page, 'nav-community-teams', 'the menu entry')).click();
    await visible(page, 'teams-page', 'the registry');
    await visible(page, 'vietnam-map', 'the map beside the list');
    await page.getByTestId('teams-filter-q').fill(stamp);
    try {
      await page.waitForURL((url) => url.searchParams.get('q') === stamp, { timeout: WAIT_MS });
    } catch {
      throw new Error(`the search did not reach the URL; ${await describePage(page)}`);
    }
    try {
      await page.getByTestId('team-row').filter({ hasText: model.name }).first().waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the search does not find ${model.name}; ${await describePage(page)}`);
    }
    await countIs('team-row', 2, 'both teams of this run, found without diacritics by the stamp');
    await screenshot(page, config.screenshotDir, 'community-teams-list-desktop');
    await page.getByTestId('team-row').filter({ hasText: model.name }).getByTestId('team-link').click();
    await visible(page, 'team-page', 'the team page');
    assert.equal((await page.getByTestId('team-name').textContent()).trim(), model.name);

    await (await visible(page, 'member-add', 'the button that adds a member')).click();
    await page.getByTestId('member-name').fill('Nguyễn Thị Hoa');
    await page.getByTestId('member-role').selectOption('leader');
    await page.getByTestId('member-affiliation').selectOption('womens_union');
    await page.getByTestId('member-joined-on').fill('2021-07-01');
    await page.getByTestId('member-phone').fill('0912 345 678');
    await page.getByTestId('member-submit').click();
    const masked = await visible(page, 'member-phone-masked', 'the new member with a masked phone');
    const shown = (await masked.textContent()).trim();
    assert.ok(shown.endsWith('678') && shown.includes('•') && !shown.includes('0912'), `the phone shows masked: ${shown}`);

    await page.getByTestId('member-reveal').first().click();
    await page.getByTestId('reveal-reason').fill('Gọi');
    await page.getByTestId('reveal-submit').click();
    await visible(page, 'field-error-reason', 'a reason of fewer than five characters is refused');
    await page.getByTestId('reveal-reason').fill('Gọi hỏi thăm F0 tại nhà');
    await page.getByTestId('reveal-submit').click();
    const full = await visible(page, 'member-phone-full', 'the revealed number');
    assert.equal((await full.textContent()).replace(/\D/g, ''), '0912345678');

    await (await visible(page, 'activity-add')).click();
    await page.getByTestId('activity-date').fill('2021-09-13');
    await page.getByTestId('activity-kind').selectOption('goods_delivery');
    await page.getByTestId('activity-households').fill('120');
    await page.getByTestId('activity-note').fill('Phát 120 túi an sinh cho các hộ cách ly');
    await page.getByTestId('activity-submit').click();
    const entry = page.locator('[data-testid="activity"][data-kind="goods_delivery"]').filter({ hasText: '120 hộ' }).first();
    try {
      await entry.waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the activity is not in the log; ${await describePage(page)}`);
    }
    // A photo of the entry: uploaded, then shown as its thumbnail.
    await entry.getByTestId('photo-input').setInputFiles({ name: 'phát quà.png', mimeType: 'image/png', buffer: PNG });
    try {
      const thumbnail = entry.locator('[data-testid="photo"] img').first();
      await thumbnail.waitFor({ timeout: WAIT_MS });
      await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumbnail.elementHandle(), { timeout: WAIT_MS });
    } catch {
      throw new Error(`the photo's thumbnail is not shown; ${await describePage(page)}`);
    }
  });

  step('values', "the Office records October's values and the chart draws them", ['registry'], async () => {
    const form = await visible(page, 'values-form', 'the month form');
    await page.getByTestId('values-period').fill('2021-10');
    const inputs = form.locator('input[data-testid^="values-"]:not([data-testid="values-period"])');
    const count = await inputs.count();
    for (let index = 0; index < count; index += 1) await inputs.nth(index).fill(String(30 + index));
    await page.getByTestId('values-submit').click();
    await page.locator('[data-testid="team-indicators"] svg.chart-svg').first().waitFor({ timeout: WAIT_MS });
    if (count > 0) {
      try {
        await page.locator('[data-testid="team-score-card"]').filter({ hasText: '10/2021' }).waitFor({ timeout: WAIT_MS });
      } catch {
        throw new Error(`the team's score for October is not shown; ${await describePage(page)}`);
      }
    }
    await screenshot(page, config.screenshotDir, 'community-teams-team-desktop');
  });

  step('nominate', 'the Office nominates the team; the model page opens, nominated', ['registry'], async () => {
    await page.goto(`/community-teams/${model.id}`);
    await (await visible(page, 'team-nominate', 'the nominate button')).click();
    await page.getByTestId('nominate-submit').click();
    await visible(page, 'field-error-rationale', 'a nomination needs a rationale');
    await page.getByTestId('nominate-rationale').fill('Tổ hỗ trợ F0 tại nhà hiệu quả, phản hồi trong 2 giờ.');
    await page.getByTestId('nominate-evidence').fill('Báo cáo của UBND phường, 120 hộ được hỗ trợ.');
    await page.getByTestId('nominate-submit').click();
    try {
      await page.waitForURL((url) => url.pathname.startsWith('/team-models/') && UUID.test(url.pathname), { timeout: WAIT_MS });
    } catch {
      throw new Error(`the model page did not open; ${await describePage(page)}`);
    }
    model.modelId = new URL(page.url()).pathname.match(UUID)[0];
    await visible(page, 'model-page');
    await statusIs('nominated');
  });

  step('evaluate', 'two Office evaluators score the model; the averages and spread show; it goes to the leadership', ['nominate'], async (t) => {
    await (await visible(page, 'model-move-evaluating', 'the Office starts the evaluation')).click();
    await statusIs('evaluating');
    await evaluate(SCORES[0], 'Giảm mạnh thời gian phản hồi');
    await countIs('evaluation-row', 1, "the first evaluator's scores");
    await logout();

    await openModel(office2);
    await statusIs('evaluating');
    await evaluate(SCORES[1], 'Cần thêm số liệu trước khi nhân rộng');
    await countIs('evaluation-row', 2, "both evaluators' scores");
    const overall = (await (await visible(page, 'evaluations-overall')).textContent()).trim();
    t.diagnostic(overall);
    assert.ok(overall.includes('trung bình 4') && overall.includes('độ lệch 0,2'), `the mean of means and its spread: ${overall}`);
    await visible(page, 'bar-chart', 'the criteria chart');
    const bars = await page.getByTestId('bar-chart').textContent();
    assert.ok(bars.includes('độ lệch 1') && bars.includes('(3–5)'), `effectiveness spreads 3–5: ${bars}`);
    await (await visible(page, 'model-move-awaiting_decision')).click();
    await statusIs('awaiting_decision');
    await screenshot(page, config.screenshotDir, 'community-teams-model-evaluated-desktop');
    await logout();
  });

  step('decide', 'the leader, told by a notification, recommends the model; refusing needs reasons', ['evaluate'], async () => {
    await login(leader);
    await page.goto('/notifications');
    const notice = page.locator('[data-testid="notification"][data-kind="model_waiting"]').filter({ hasText: model.name }).first();
    try {
      await notice.waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`no notification that the model waits for a decision; ${await describePage(page)}`);
    }
    await notice.getByTestId('notification-link').click();
    await visible(page, 'model-page', 'the model a notification opens');
    assert.ok(new URL(page.url()).pathname.endsWith(model.modelId));
    await statusIs('awaiting_decision');
    assert.equal(await page.getByTestId('evaluate-form').count(), 0, 'the leadership does not score');
    await (await visible(page, 'model-move-not_recommended')).click();
    await visible(page, 'field-error-note', 'not recommending needs reasons');
    await page.getByTestId('model-move-note').fill('Mô hình hiệu quả, đề nghị nhân rộng ở các đô thị lớn.');
    await page.getByTestId('model-move-recommended').click();
    await statusIs('recommended');
    await visible(page, 'model-decision', "the leadership's decision");
    await logout();
  });

  step('adopt', "the Office records the Hồ Chí Minh City team's adoption; its before/after chart shows", ['decide'], async () => {
    await openModel(office);
    await (await visible(page, 'adoption-add', 'the adoption form')).click();
    await page.getByTestId('adoption-search').fill(adopter.name);
    const option = page.getByTestId('adoption-team-id').locator(`option[value="${adopter.id}"]`);
    try {
      await option.waitFor({ state: 'attached', timeout: WAIT_MS });
    } catch {
      throw new Error(`the adopting team is not offered; ${await describePage(page)}`);
    }
    await page.getByTestId('adoption-team-id').selectOption(adopter.id);
    await page.getByTestId('adoption-date').fill('2021-10-01');
    await page.getByTestId('adoption-adaptations').fill('Thêm ca trực đêm, phối hợp trạm y tế lưu động.');
    await page.getByTestId('adoption-submit').click();
    const adoption = page.locator('[data-testid="adoption"]').filter({ hasText: adopter.name }).first();
    try {
      await adoption.waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the adoption is not listed; ${await describePage(page)}`);
    }
    await adoption.getByTestId('comparison').waitFor({ timeout: WAIT_MS });
    const rows = await adoption.getByTestId('comparison-row').count();
    if (rows > 0) {
      await adoption.locator('svg.chart-svg').first().waitFor({ timeout: WAIT_MS });
      const legend = await adoption.locator('.chart-legend').first().textContent();
      assert.ok(legend.includes('10/2021'), `the adoption month is marked: ${legend}`);
      assert.ok((await adoption.textContent()).includes('Tốt lên'), 'values that rose after adoption read as better');
    }
    await screenshot(page, config.screenshotDir, 'community-teams-model-desktop');
  });

  step('map', "the map's counts are the API's, and a province's marker filters the registry", ['adopt'], async () => {
    const token = await apiToken(config.baseUrl, office.username, office.password);
    const { status, body: provinces } = await api(config.baseUrl, 'GET', '/api/v1/community-teams/map', { token });
    must(status, provinces, 'GET /community-teams/map');
    const hanoi = provinces.find((p) => p.province_id === model.province);
    const saigon = provinces.find((p) => p.province_id === adopter.province);
    assert.ok(hanoi && hanoi.teams >= 1 && hanoi.models >= 1, `Hà Nội has the team and its model: ${JSON.stringify(hanoi)}`);
    assert.ok(saigon && saigon.adoptions >= 1, `Hồ Chí Minh City has the adoption: ${JSON.stringify(saigon)}`);

    await page.goto('/community-teams');
    await visible(page, 'vietnam-map');
    for (const province of provinces.filter((p) => p.latitude != null && p.longitude != null)) {
      const marker = page.getByTestId(`map-marker-${province.province_id}`);
      const label = await marker.getAttribute('aria-label');
      const numbers = (label.split(':').pop().match(/\d[\d.,]*/g) ?? []).map((n) => Number(n.replace(/\D/g, '')));
      assert.deepEqual(numbers, [province.teams, province.models], `the marker of ${province.name} says ${label}`);
    }
    for (const province of provinces) {
      const row = page.locator(`[data-testid="map-row"][data-province-id="${province.province_id}"]`);
      const cells = await Promise.all(['map-row-teams', 'map-row-models', 'map-row-adoptions'].map(async (id) => Number((await row.getByTestId(id).textContent()).replace(/\D/g, ''))));
      assert.deepEqual(cells, [province.teams, province.models, province.adoptions], `the figures of ${province.name}`);
    }
    await page.getByTestId(`map-marker-${model.province}`).click();
    try {
      await page.waitForURL((url) => url.searchParams.get('province_id') === model.province, { timeout: WAIT_MS });
    } catch {
      throw new Error(`the marker did not filter the list by its province; ${await describePage(page)}`);
    }
    await page.getByTestId('team-row').filter({ hasText: model.name }).first().waitFor({ timeout: WAIT_MS });
    try {
      // The list keeps its rows while the filtered page loads.
      await page.getByTestId('team-row').filter({ hasText: adopter.name }).first().waitFor({ state: 'detached', timeout: WAIT_MS });
    } catch {
      throw new Error(`another province's team is still listed; ${await describePage(page)}`);
    }
    await visible(page, 'map-selection');
    await screenshot(page, config.screenshotDir, 'community-teams-map-desktop');
  });

  step('scorecard', 'the scorecard of October ranks the teams, and the pipeline shows the model as recommended', ['setup'], async () => {
    await page.goto('/team-scorecard?period=2021-10');
    await visible(page, 'scorecard-page');
    try {
      await page.getByTestId('scorecard-row').filter({ hasText: adopter.name }).first().waitFor({ timeout: WAIT_MS });
    } catch {
      throw new Error(`the adopter is not in October's scorecard; ${await describePage(page)}`);
    }
    assert.match(await page.getByTestId('scorecard-heading').textContent(), /10\/2021/);
    await screenshot(page, config.screenshotDir, 'community-teams-scorecard-desktop');
    await page.goto('/team-models');
    const column = await visible(page, 'pipeline-column-recommended', 'the pipeline');
    if (model.modelId) {
      await column.locator(`[data-model-id="${model.modelId}"]`).waitFor({ timeout: WAIT_MS });
    }
    await screenshot(page, config.screenshotDir, 'community-teams-pipeline-desktop');
  });

  step('english', "the model's page reads in English after switching the language", ['adopt'], async () => {
    await page.goto(`/team-models/${model.modelId}`);
    await statusIs('recommended');
    await (await visible(page, 'lang-switch')).click();
    await page.getByTestId('model-status').filter({ hasText: STATUS.en.recommended }).first().waitFor({ timeout: WAIT_MS });
    const events = (await page.getByTestId('model-event').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
    assert.ok(
      events.some((text) => text.includes(`Status: ${STATUS.en.awaiting_decision} → ${STATUS.en.recommended}`)),
      `the timeline tells the decision: ${JSON.stringify(events)}`,
    );
    assert.ok((await page.getByTestId('evaluations-overall').textContent()).includes('spread 0.2'));
    await screenshot(page, config.screenshotDir, 'community-teams-model-en-desktop');
    await (await visible(page, 'lang-switch')).click();
    await statusIs('recommended');
  });

  step('phone', 'the pages fit a 360 px screen in both languages', ['adopt'], async () => {
    const state = await context.storageState();
    const problems = [];
    for (const lang of ['vi', 'en']) {
      const phone = await browser.newContext({ baseURL: config.baseUrl, ...VIEWPORTS.phone, storageState: state });
      const small = await phone.newPage();
      small.on('pageerror', (error) => pageErrors.push(`${small.url()}: ${error.message}`));
      try {
        await small.goto('/');
        // The app keeps its settings as JSON.
        await small.evaluate((code) => localStorage.setItem('danvan.lang', JSON.stringify(code)), lang);
        for (const [name, url, marker] of [
          ['list', '/community-teams', 'teams-table'],
          ['team', `/community-teams/${model.id}`, 'team-roster'],
          ['scorecard', '/team-scorecard?period=2021-10', 'scorecard-table'],
          ['pipeline', '/team-models', 'pipeline'],
          ['model', `/team-models/${model.modelId}`, 'model-timeline'],
          ['new', '/community-teams/new', 'team-form'],
        ]) {
          await small.goto(url);
          try {
            await visible(small, marker);
            const wide = await small.evaluate(() => document.documentElement.scrollWidth);
            if (wide > 360 + 1) problems.push(`${name} (${lang}): the page is ${wide} px wide at 360 px`);
          } catch (error) {
            problems.push(`${name} (${lang}): ${error.message}`);
          }
          await screenshot(small, config.screenshotDir, `community-teams-${name}-phone-${lang}`);
        }
      } finally {
        await phone.close();
      }
    }
    assert.deepEqual(problems, []);
  });

  step('page-errors', 'no uncaught error in any community team page', ['setup'], async () => {
    assert.deepEqual(pageErrors, [], 'uncaught errors (a panic of the app shows here)');
  });
});

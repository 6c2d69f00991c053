// Reports (issue 14) in a real browser (Debian's headless Chromium through playwright-core),
// against the server `cargo xtask test --only browser` starts (see app.test.mjs).
//
// Set up over the API as the admin: a member, a standing-unit officer and a leader of this
// run (made, or given a known password); a plan and working group of this run with the
// member on its roster, assigned a target group of this run; a monthly template of this
// run (meetings, people reached by target group, a required answer).
//
// Then in the browser: the member finds the report they owe on "My reports", starts it,
// fills the figures and the answer (saved as they type) and submits it. The standing unit
// finds it in the review queue and sends it back with a comment; the member sees the
// comment, fixes a figure and resubmits; the standing unit approves it. The standing unit
// builds the period's consolidated report, which shows the approved figures. The leader,
// in English, signs it off (it gets its number) and downloads it as PDF and as DOCX. The
// pages fit a 360 px screen in both languages. Screenshots: target/screenshots/reports-*.png.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { VIEWPORTS, WAIT_MS, api, apiEnsureUser, apiToken, describePage, launchChromium, screenshot, settings, steps, submitLogin, visible } from './lib.mjs';

const stamp = Date.now().toString(36);
const member = { username: 'baocao-vien-e2e', displayName: 'Thành viên báo cáo (E2E)', role: 'member', password: `Thành-viên-${stamp}` };
const standing = { username: 'baocao-truc-e2e', displayName: 'Thường trực báo cáo (E2E)', role: 'standing_unit', password: `Thường-trực-${stamp}` };
const leader = { username: 'baocao-ky-e2e', displayName: 'Lãnh đạo báo cáo (E2E)', role: 'leader', password: `Lãnh-đạo-${stamp}` };

/** What this run makes; ids filled in by the setup and the steps. */
const run = { template: undefined, targetGroup: undefined, period: undefined, report: undefined, consolidated: undefined };

function must(status, body, what) {
  if (status >= 300) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** The key of the last month that has ended: `2026-11`. */
function lastEndedMonth() {
  const now = new Date(Date.now() + 7 * 3600 * 1000);
  const month = now.getUTCMonth() === 0 ? 12 : now.getUTCMonth();
  const year = now.getUTCMonth() === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
  return `${year}-${String(month).padStart(2, '0')}`;
}

describe('Reports: submitted, sent back, fixed, approved, consolidated, signed off and downloaded', () => {
  let config;
  let browser;
  let page;
  const pageErrors = [];
  const contexts = [];

  const step = steps({ prefix: 'reports-', pageOf: () => page, timeout: 180_000 });

  /** A signed-in page of `user` in a fresh context, in `lang`. */
  async function signedIn(user, lang, viewport = VIEWPORTS.desktop) {
    const context = await browser.newContext({ baseURL: config.baseUrl, acceptDownloads: true, ...viewport });
    await context.addInitScript((code) => localStorage.setItem('danvan.lang', JSON.stringify(code)), lang);
    contexts.push(context);
    const made = await context.newPage();
    made.on('pageerror', (error) => pageErrors.push(`${made.url()}: ${error.message}`));
    await made.goto('/');
    await submitLogin(made, user.username, user.password);
    await visible(made, 'logout', `${user.username} signed in`);
    page = made;
    return made;
  }

  async function textIn(target, id, text, why) {
    try {
      await target.getByTestId(id).filter({ hasText: text }).first().waitFor({ timeout: WAIT_MS });
    } catch {
      const shown = await target.getByTestId(id).first().textContent().catch(() => '(none)');
      throw new Error(`${id} should show "${text}" (${why}), it shows ${JSON.stringify(shown)}; ${await describePage(target)}`);
    }
  }

  before(async () => {
    config = settings();
    fs.mkdirSync(config.screenshotDir, { recursive: true });
    browser = await launchChromium(config.chromium);
  });

  after(async () => {
    await browser?.close();
  });

  step('setup', 'the admin makes the people, a working group with the member assigned, and a monthly template', [], async () => {
    const admin = await apiToken(config.baseUrl, config.adminUsername, config.adminPassword);
    for (const user of [member, standing, leader]) await apiEnsureUser(config.baseUrl, admin, user);
    const call = async (method, path, body, what) => {
      const headers = method === 'POST' ? { 'idempotency-key': `e2e-reports-${stamp}-${what.replace(/\W+/g, '-')}` } : {};
      const answer = await api(config.baseUrl, method, path, { token: admin, body, headers });
      return must(answer.status, answer.body, `${method} ${path} (${what})`);
    };
    const plan = await call('POST', '/api/v1/plans', { number: `BC-${stamp}/BDVTW`, title: 'Kế hoạch báo cáo', issuing_body: 'Ban Dân vận Trung ương', issued_on: '2021-09-13' }, 'plan');
    const group = await call('POST', '/api/v1/working-groups', { name: `Tổ báo cáo ${stamp}`, plan_id: plan.id }, 'group');
    run.targetGroup = await call('POST', '/api/v1/target-groups', { code: `bc_${stamp}`, name_vi: `Công nhân ${stamp}`, name_en: `Workers ${stamp}` }, 'target group');
    await call('POST', `/api/v1/working-groups/${group.id}/members`, { user_id: member.id, position: 'member', joined_on: '2021-09-01' }, 'roster');
    const area = (await call('GET', '/api/v1/areas?layout=2025&level=province&code=79', undefined, 'province')).items[0];
    await call(
      'POST',
      `/api/v1/working-groups/${group.id}/assignments`,
      { user_id: member.id, target_group_ids: [run.targetGroup.id], area_ids: [area.id], valid_from: '2021-09-01' },
      'assignment',
    );
    run.template = await call(
      'POST',
      '/api/v1/report-templates',
      {
        code: `E2E-${stamp}`,
        name: `Báo cáo tháng E2E ${stamp}`,
        period_type: 'monthly',
        due_day: 5,
        grace_days: 2,
        reporters: ['members'],
        indicators: [
          { key: 'meetings', label: 'Buổi tuyên truyền', unit: 'buổi', breakdown: 'none' },
          { key: 'people', label: 'Người được vận động', unit: 'người', breakdown: 'target_group' },
        ],
        questions: [{ key: 'results', prompt: 'Kết quả nổi bật', required: true }],
      },
      'template',
    );
    run.period = lastEndedMonth();
  });

  step('submit', 'the member starts the report they owe, fills it (saved as they type) and submits it', ['setup'], async () => {
    const mine = await signedIn(member, 'vi');
    await mine.goto('/reports');
    // The last month that has ended comes first; earlier unfinished months follow it.
    const card = mine.getByTestId('owed-row').filter({ hasText: run.template.name }).filter({ hasText: run.period }).first();
    await card.waitFor({ timeout: WAIT_MS });
    await card.getByTestId('owed-start').click();
    await visible(mine, 'figure-grid', 'the report opened');
    run.report = mine.url().split('/').pop();
    await mine.getByTestId('fig-meetings').fill('5');
    await mine.getByTestId(`fig-people-${run.targetGroup.id}`).fill('120');
    await mine.getByTestId('answer-results').fill('Đã vận động công nhân tại các khu trọ tiêm vắc-xin.');
    await textIn(mine, 'save-state', 'Đã lưu nháp', 'the draft saves itself');
    const saved = await api(config.baseUrl, 'GET', `/api/v1/report-submissions/${run.report}`, { token: await apiToken(config.baseUrl, member.username, member.password) });
    assert.equal(saved.body.figures.find((f) => f.indicator === 'people')?.value, 120, 'the autosave reached the server');
    await screenshot(mine, config.screenshotDir, 'reports-form');
    await mine.getByTestId('move-submitted').click();
    await textIn(mine, 'report-status', 'Chờ duyệt', 'submitted');
  });

  step('send-back', 'the standing unit finds it in the review queue and sends it back with a comment', ['submit'], async () => {
    const reviewer = await signedIn(standing, 'vi');
    await reviewer.goto('/reports/review');
    const row = reviewer.getByTestId('queue-row').filter({ hasText: member.displayName });
    await row.first().waitFor({ timeout: WAIT_MS });
    await row.first().getByTestId('queue-link').click();
    await visible(reviewer, 'move-returned', 'the review buttons');
    await reviewer.getByTestId('review-comment-input').fill('Đề nghị rà soát lại số người được vận động.');
    await reviewer.getByTestId('move-returned').click();
    await textIn(reviewer, 'report-status', 'Bị trả lại', 'sent back');
  });

  step('fix', 'the member sees the comment, fixes a figure and resubmits', ['send-back'], async () => {
    const mine = await signedIn(member, 'vi');
    await mine.goto(`/report-submissions/${run.report}`);
    await textIn(mine, 'review-comment', 'rà soát lại', 'the comment is shown');
    await mine.getByTestId(`fig-people-${run.targetGroup.id}`).fill('150');
    await textIn(mine, 'save-state', 'Đã lưu nháp', 'the fix saves itself');
    await mine.getByTestId('move-submitted').click();
    await textIn(mine, 'report-status', 'Chờ duyệt', 'resubmitted');
  });

  step('approve', 'the standing unit approves it; it is locked', ['fix'], async () => {
    const reviewer = await signedIn(standing, 'vi');
    await reviewer.goto(`/report-submissions/${run.report}`);
    await reviewer.getByTestId('move-approved').click();
    await textIn(reviewer, 'report-status', 'Đã duyệt', 'approved');
    assert.equal(await reviewer.getByTestId(`fig-people-${run.targetGroup.id}`).evaluate((e) => e.tagName), 'SPAN', 'no input once approved');
  });

  step('consolidate', "the standing unit builds the period's consolidated report with the approved figures", ['approve'], async () => {
    const reviewer = await signedIn(standing, 'vi');
    await reviewer.goto('/consolidated-reports');
    await visible(reviewer, 'build-form');
    await reviewer.getByTestId('build-template').selectOption(run.template.id);
    await reviewer.getByTestId('build-period').fill(run.period);
    await reviewer.getByTestId('build-submit').click();
    await visible(reviewer, 'consolidated-figures', 'the consolidated report opened');
    run.consolidated = reviewer.url().split('/').pop();
    await textIn(reviewer, 'total-people', '150', 'the approved figure');
    await textIn(reviewer, 'total-meetings', '5', 'the approved figure');
    await reviewer.getByTestId('section-heading-0').fill('I. KẾT QUẢ VẬN ĐỘNG');
    await reviewer.getByTestId('save-consolidated').click();
    await textIn(reviewer, 'consolidated-number', 'lần lưu 2', 'saved as revision 2');
    await screenshot(reviewer, config.screenshotDir, 'reports-consolidated');
  });

  step('sign-off', 'the leader, in English, signs it off and downloads it as PDF and DOCX', ['consolidate'], async () => {
    const boss = await signedIn(leader, 'en');
    await boss.goto(`/consolidated-reports/${run.consolidated}`);
    await boss.getByTestId('sign-off').click();
    await textIn(boss, 'consolidated-status', 'Signed off', 'signed off');
    await textIn(boss, 'consolidated-number', '-BC/BDVTW', 'numbered in the series');
    for (const [button, extension, magic] of [['download-pdf', 'pdf', '%PDF'], ['download-docx', 'docx', 'PK']]) {
      const waiting = boss.waitForEvent('download', { timeout: WAIT_MS });
      await boss.getByTestId(button).click();
      const download = await waiting;
      assert.match(download.suggestedFilename(), new RegExp(`-BC-BDVTW\\.${extension}$`));
      const file = await download.path();
      const head = fs.readFileSync(file).subarray(0, magic.length).toString('latin1');
      assert.equal(head, magic, `the ${extension} file`);
    }
    await screenshot(boss, config.screenshotDir, 'reports-signed');
  });

  step('phone', 'the report pages fit a 360 px screen in both languages', ['sign-off'], async () => {
    const problems = [];
    for (const lang of ['vi', 'en']) {
      for (const [user, pages] of [
        [member, [['mine', '/reports', 'my-reports-page'], ['report', `/report-submissions/${run.report}`, 'report-page']]],
        [standing, [['review', '/reports/review', 'review-page'], ['timeliness', '/reports/timeliness', 'timeliness-table'], ['consolidated', `/consolidated-reports/${run.consolidated}`, 'consolidated-figures']]],
      ]) {
        const small = await signedIn(user, lang, VIEWPORTS.phone);
        for (const [name, url, marker] of pages) {
          await small.goto(url);
          try {
            await visible(small, marker);
            const htmlLang = await small.evaluate(() => document.documentElement.lang);
            if (htmlLang !== lang) problems.push(`${name} (${lang}): the page is in ${htmlLang}`);
            const wide = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            if (wide > 1) problems.push(`${name} (${lang}): the page is ${wide} px wider than the 360 px screen`);
          } catch (error) {
            problems.push(`${name} (${lang}): ${error.message}`);
          }
          await screenshot(small, config.screenshotDir, `reports-${name}-phone-${lang}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  step('page-errors', 'no uncaught error in any of these pages', ['setup'], async () => {
    assert.deepEqual(pageErrors, [], 'uncaught errors (a panic of the app shows here)');
  });
});

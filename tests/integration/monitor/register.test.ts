import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCommand } from '../../../src/cli/commands/register-command.js';
import { REGISTER_FORM_COLUMNS } from '../../../src/messages/register-texts.js';
import { FakeWechatServer } from '../../fakes/fake-wechat-server.js';
import { FakeWeiboServer } from '../../fakes/fake-weibo-server.js';
import { binary } from '../../helpers/binary-body.js';
import {
  DETAILS,
  REGISTER_BASE,
  registerApi,
  registerPeople,
  type RegisterView,
} from '../../helpers/register-api.js';
import { as, startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

const DAY_MS = 86_400_000;
const BASE = REGISTER_BASE;
type View = RegisterView;

describe('account register (issue 13 point 1)', () => {
  let t: ReviewApp;
  let admin: Auth;
  let chain: Auth[];
  let register: ReturnType<typeof registerApi>;

  beforeEach(async () => {
    t = await startReviewApp();
    ({ admin, chain } = await registerPeople(t));
    register = registerApi(t, admin, () => chain);
  });
  afterEach(() => t.close());

  const base = BASE;
  const api = () => register.api();
  const show = (path: string) => register.show(path);
  const approveAll = (draft: string, deciders: Auth[]) => register.approveAll(draft, deciders);
  const open = (name: string, details?: object) => register.open(name, details);
  const running = (name: string) => register.running(name);

  it('closes an account only through the principal, and only 30 days after the announcement', async () => {
    await running('崇川发布');
    const asked = await api()
      .post(`${base}/wechat/崇川发布/closure`)
      .set('Authorization', admin.header)
      .send({ reason: '整合至区融媒体中心', announcement: '本公众号将停止更新，内容已迁移至“崇川融媒”。' });
    expect(asked.status).toBe(201);
    const draft = (asked.body as View).pending!.draft;
    // The request is a major-grade draft: its chain ends with the principal, and nothing applies before.
    const review = await api().get(`/api/drafts/${draft}`).set('Authorization', admin.header);
    expect((review.body as { grade: string }).grade).toBe('major');
    await approveAll(draft, chain.slice(0, 2));
    expect((await show('wechat/崇川发布')).runningState).toBe('running');
    await approveAll(draft, chain.slice(2));
    const closing = await show('wechat/崇川发布');
    expect(closing.runningState).toBe('closing');

    t.advanceClock(29 * DAY_MS);
    const early = await api().post(`${base}/wechat/崇川发布/close`).set('Authorization', admin.header);
    expect(early.status).toBe(409);
    expect((early.body as { error: { code: string } }).error.code).toBe('closure_notice_too_early');
    t.advanceClock(DAY_MS);
    const closed = await api().post(`${base}/wechat/崇川发布/close`).set('Authorization', admin.header);
    expect(closed.status).toBe(200);
    expect((closed.body as View).runningState).toBe('closed');
    const trail = (await t.audit.all('cc')).filter((entry) => entry.action === 'register_changed');
    expect(trail.map((entry) => entry.details['type'])).toContain('approved:closure');
    expect(trail.find((entry) => entry.details['type'] === 'approved:closure')?.actor).toBe(chain[2]!.id);
  });

  it('refuses a second temporary offline in the same year, and one over 30 days', async () => {
    await running('崇川发布');
    const offline = (days: number) =>
      api().post(`${base}/wechat/崇川发布/offline`).set('Authorization', admin.header).send({ days });
    const tooLong = await offline(31);
    expect((tooLong.body as { error: { code: string } }).error.code).toBe('offline_too_long');
    expect((await offline(10)).status).toBe(200);
    expect((await show('wechat/崇川发布')).runningState).toBe('suspended');
    t.advanceClock(11 * DAY_MS);
    expect((await show('wechat/崇川发布')).runningState).toBe('running');
    const second = await offline(5);
    expect(second.status).toBe(409);
    expect((second.body as { error: { code: string; message: string } }).error.code).toBe(
      'offline_limit_reached',
    );
  });

  it('alerts the admins once when an approved opening is not running after six months', async () => {
    const opened = await open('崇川发布');
    await approveAll((opened.body as View).pending!.draft, chain);
    t.advanceClock(150 * DAY_MS);
    expect(await t.register.checkAll()).toEqual([]);
    t.advanceClock(40 * DAY_MS);
    const raised = await t.register.checkAll();
    expect(raised.map((alert) => [alert.kind, alert.target])).toEqual([
      ['register_not_running', 'wechat:崇川发布'],
    ]);
    expect(await t.register.checkAll()).toEqual([]);
    expect((await show('wechat/崇川发布')).runningOverdueSince).toBeDefined();
    const alerts = await t.alerts.list('cc', 10);
    expect(alerts.some((alert) => alert.kind === 'register_not_running')).toBe(true);
  });

  it('refuses names that do not show the organiser, a second account on a platform, a foreign verification', async () => {
    const refused = await open('便民服务');
    expect(refused.status).toBe(422);
    const body = refused.body as { error: { code: string; message: string } };
    expect(body.error.code).toBe('register_rules_broken');
    expect(body.error.message).toContain('未体现主办单位');
    await running('崇川发布');
    const second = await open('崇川服务');
    expect((second.body as { error: { message: string } }).error.message).toContain(
      '同一单位在同一平台原则上只开设一个账号',
    );
    const foreign = await open('崇川微信', {
      ...DETAILS,
      organiser: '崇川区文旅局',
      verificationSubject: '某公司',
    });
    expect((foreign.body as { error: { message: string } }).error.message).toContain('认证主体');
  });

  it('exports the register as the filing form, equal to the JSON', async () => {
    await running('崇川发布');
    const json = await api().get(`${base}/export`).set('Authorization', admin.header);
    const sheet = await exportedSheet(t, admin);
    const row = (n: number) =>
      (sheet.getRow(n).values as unknown[]).slice(1).map((v) => (typeof v === 'string' ? v : ''));
    expect(row(2)).toEqual([...REGISTER_FORM_COLUMNS]);
    const [entry] = (json.body as { entries: (View & { details: typeof DETAILS })[] }).entries;
    const cells = Object.fromEntries(REGISTER_FORM_COLUMNS.map((column, i) => [column, row(3)[i] ?? '']));
    expect(cells).toMatchObject({
      账号ID及名称: entry!.name,
      主办单位: entry!.details.organiser,
      主办单位分管领导及职务: `${entry!.details.leader.name} ${entry!.details.leader.title}`,
      联系电话: entry!.details.leader.phone,
      代运维机构: entry!.details.operator.name,
      代运维合同到期: entry!.details.operator.contractEnd,
      是否通过认证: '是',
      '关注量/粉丝量': '未知',
      运行状态: '运行',
    });
    expect(sheet.rowCount).toBe(2 + (json.body as { entries: unknown[] }).entries.length);
  });

  it('lists and shows the register on the command line (qianfa register)', async () => {
    await running('崇川发布');
    const out: string[] = [];
    const io = cliIo(t, out);
    expect(await registerCommand(['list', '--org', 'cc'], io)).toBe(0);
    expect(out.join('')).toContain('wechat:崇川发布\u3000运行\u3000南通市崇川区人民政府办公室');
    out.length = 0;
    expect(await registerCommand(['show', '--org', 'cc', '--account', 'wechat:崇川'], io)).toBe(1);
    expect(out.join('')).toContain('台账中没有账号');
  });
});

describe('follower counts in the register, read from the platforms (issue 13 point 1)', () => {
  const VERIFIED = { appid: 'wx0123456789abcdef', secret: 'cc-secret', followers: 23_456 };
  const UNVERIFIED = { appid: 'wxfedcba9876543210', secret: 'wl-secret', verified: false, followers: 90 };
  const WEIBO = {
    uid: '5550001',
    screenName: '崇川微博',
    token: 'weibo-token-cc',
    safeDomain: 'www.example.gov.cn',
  };
  /** A second organiser: one account per organiser and platform. */
  const CULTURE = { ...DETAILS, organiser: '崇川区文旅局', verificationSubject: '崇川区文旅局' };
  let t: ReviewApp;
  let wechat: FakeWechatServer;
  let weibo: FakeWeiboServer;
  let register: ReturnType<typeof registerApi>;

  beforeEach(async () => {
    wechat = await new FakeWechatServer({ accounts: [VERIFIED, UNVERIFIED] }).start();
    weibo = await new FakeWeiboServer({ accounts: [{ ...WEIBO, followers: 812 }] }).start();
    t = await startReviewApp({ wechatApiBase: wechat.baseUrl, weiboApiBase: weibo.baseUrl });
    const { admin, chain } = await registerPeople(t);
    register = registerApi(t, admin, () => chain);
    const accountAdmin = await t.person('账号管理员', ['admin']);
    const accounts = [
      { platform: 'wechat', name: '崇川发布', appid: VERIFIED.appid, secret: VERIFIED.secret },
      { platform: 'wechat', name: '崇川文旅', appid: UNVERIFIED.appid, secret: UNVERIFIED.secret },
      { platform: 'weibo', name: '崇川微博', token: WEIBO.token, link: 'https://www.example.gov.cn/' },
    ];
    for (const account of accounts)
      expect((await as(t.app, accountAdmin).post('/api/orgs/cc/accounts', account)).status).toBe(201);
    await register.running('崇川发布');
    await register.running('崇川文旅', CULTURE);
    await register.running('崇川微博', DETAILS, 'weibo');
    // In the register, not among the accounts qianfa publishes to: nothing to ask the platform with.
    await register.running('崇川头条', {
      ...DETAILS,
      organiser: '崇川区融媒体中心',
      verificationSubject: '崇川区融媒体中心',
    });
  });
  afterEach(async () => {
    await t.close();
    await wechat.close();
    await weibo.close();
  });

  it('stores each count with the time read, 未知 where the platform refuses or qianfa has no account', async () => {
    expect((await register.show('wechat/崇川发布')).followers).toBeUndefined();
    const before = Date.now();
    expect(await t.register.readFollowers()).toBe(3);
    const verified = await register.show('wechat/崇川发布');
    expect(verified.followers?.count).toBe(23_456);
    expect(Date.parse(verified.followers!.at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(verified.followers!.at)).toBeLessThanOrEqual(Date.now());
    expect((await register.show('weibo/崇川微博')).followers?.count).toBe(812);
    // An unverified 订阅号 lacks the user-management permission: user/get answers 48001.
    expect((await register.show('wechat/崇川文旅')).followers).toMatchObject({ refused: '48001' });
    expect((await register.show('wechat/崇川头条')).followers).toBeUndefined();
    expect(wechat.callCount('/cgi-bin/user/get')).toBe(2);
    expect(weibo.callCount('/2/users/show.json')).toBe(1);

    const shown = await exportedFollowers(t);
    expect(shown).toEqual({ 崇川发布: '23456', 崇川文旅: '未知', 崇川头条: '未知', 崇川微博: '812' });
    const out = await registerListOutput(t);
    expect(out).toContain('wechat:崇川发布\u3000运行');
    expect(out).toMatch(/wechat:崇川发布.*粉丝 23456/);
    expect(out).toMatch(/wechat:崇川文旅.*粉丝 未知/);
  });

  it('keeps the last count and its time when the platform is only briefly unavailable', async () => {
    await t.register.readFollowers();
    const first = (await register.show('wechat/崇川发布')).followers;
    t.advanceClock(86_400_000);
    // Both WeChat accounts' next reads meet a busy platform (-1).
    wechat.faults.add('/cgi-bin/user/get', { type: 'error_code', code: -1 }, { times: 2 });
    await t.register.readFollowers();
    expect((await register.show('wechat/崇川发布')).followers).toEqual(first);
    await t.register.readFollowers();
    const next = (await register.show('wechat/崇川发布')).followers;
    expect(next?.count).toBe(23_456);
    expect(next?.at).not.toBe(first?.at);
  });
});

/** The 审批表 XLSX export's sheet. */
async function exportedSheet(t: ReviewApp, admin: Auth) {
  const file = await binary(as(t.app, admin).get(`${BASE}/export?format=xlsx`));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.body as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook.worksheets[0]!;
}

/** 关注量/粉丝量 of each account in the 审批表 XLSX, by account name. */
async function exportedFollowers(t: ReviewApp) {
  const sheet = await exportedSheet(t, await t.person('导出人', ['admin']));
  const column = (name: (typeof REGISTER_FORM_COLUMNS)[number]) => REGISTER_FORM_COLUMNS.indexOf(name) + 1;
  const cells: Record<string, string> = {};
  for (let n = 3; n <= sheet.rowCount; n++) {
    const row = sheet.getRow(n);
    cells[row.getCell(column('账号ID及名称')).text] = row.getCell(column('关注量/粉丝量')).text;
  }
  return cells;
}

async function registerListOutput(t: ReviewApp): Promise<string> {
  const out: string[] = [];
  expect(await registerCommand(['list', '--org', 'cc'], cliIo(t, out))).toBe(0);
  return out.join('');
}

/** The CLI's streams into `out`, its environment pointing at the test's Redis and key. */
function cliIo(t: ReviewApp, out: string[]) {
  return {
    stdout: { write: (text: string | Uint8Array) => out.push(String(text)) },
    stderr: { write: (text: string) => out.push(text) },
    env: {
      REDIS_URL: t.redisUrl,
      QIANFA_REDIS_PREFIX: t.keys.prefix,
      QIANFA_SECRET_KEY: t.secretKey.toString('hex'),
    },
  };
}

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/domain/people.js';
import { startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';
import { routeTable, type RouteEntry } from '../../helpers/route-table.js';
import { formBody } from '../../helpers/form-body.js';
import { registerApi } from '../../helpers/register-api.js';
import { alertIdOf } from '../../../src/domain/admin-alert.js';

/**
 * Who may call each bearer-authenticated route:
 * - `org_admin`: the admins of the organisation addressed (`:slug` or `?org=`) and installation admins;
 * - `installation_admin`: installation admins only;
 * - `member`: people of the draft's organisation, and those who administer it (others: 404, existence hidden);
 * - `decider`: the draft's drafter or stage holders, of its organisation (others 404, its administrators 403);
 * - `own`: anyone, acting in their own organisation or on themselves (nothing else is addressed).
 */
type Rule = 'org_admin' | 'installation_admin' | 'member' | 'decider' | 'own';

const RULES: Record<string, Rule> = {
  'GET /api/orgs': 'installation_admin',
  'POST /api/orgs': 'installation_admin',
  'GET /api/orgs/:slug/people': 'org_admin',
  'POST /api/orgs/:slug/people': 'org_admin',
  'POST /api/orgs/:slug/people/:name/token': 'org_admin',
  'GET /api/orgs/:slug/accounts': 'org_admin',
  'POST /api/orgs/:slug/accounts': 'org_admin',
  'GET /api/orgs/:slug/gateway-credentials': 'org_admin',
  'POST /api/orgs/:slug/gateway-credentials': 'org_admin',
  'DELETE /api/orgs/:slug/gateway-credentials/:appid': 'org_admin',
  'GET /api/orgs/:slug/allow-entries': 'org_admin',
  'DELETE /api/orgs/:slug/allow-entries/:id': 'org_admin',
  'GET /api/orgs/:slug/sources': 'org_admin',
  'PUT /api/orgs/:slug/sources': 'org_admin',
  'GET /api/audit': 'org_admin',
  'GET /api/audit/verify': 'org_admin',
  'GET /api/alerts': 'org_admin',
  'GET /api/drafts/:id': 'member',
  'GET /api/drafts/:id/audit': 'member',
  'PUT /api/drafts/:id': 'decider',
  'POST /api/drafts/:id/approve': 'decider',
  'POST /api/drafts/:id/reject': 'decider',
  'POST /api/drafts/:id/grade': 'decider',
  'POST /api/drafts/:id/findings/false-positive': 'decider',
  'POST /api/drafts/:id/withdraw': 'decider',
  'POST /api/drafts/:id/targets/:target/retry': 'decider',
  'POST /api/drafts/:id/schedule/cancel': 'decider',
  'PUT /api/orgs/:slug/accounts/weibo/:name/link': 'org_admin',
  'POST /api/orgs/:slug/accounts/:platform/:name/disable': 'org_admin',
  'POST /api/orgs/:slug/accounts/:platform/:name/enable': 'org_admin',
  'GET /api/orgs/:slug/monitor/cadence': 'org_admin',
  'GET /api/orgs/:slug/monitor/patrol': 'org_admin',
  'GET /api/orgs/:slug/monitor/report': 'org_admin',
  'POST /api/drafts': 'own',
  'GET /api/drafts': 'own',
  'POST /api/check': 'own',
  'GET /api/me/channels': 'own',
  'PUT /api/me/channels': 'own',
  'POST /api/me/login-link': 'own',
  'GET /api/me/delegations': 'own',
  'POST /api/me/delegations': 'own',
  'POST /api/me/delegations/:id/end': 'own',
  // Logging in (issue 12 point 1).
  'POST /api/orgs/:slug/people/:name/disable': 'org_admin',
  'POST /api/orgs/:slug/people/:name/password': 'org_admin',
  'GET /api/orgs/:slug/people/:name/sessions': 'org_admin',
  'DELETE /api/orgs/:slug/people/:name/sessions/:id': 'org_admin',
  'POST /api/me/password': 'own',
  'GET /api/me/sessions': 'own',
  'DELETE /api/me/sessions/:id': 'own',
  // The account register (issue 13 point 1).
  'GET /api/orgs/:slug/register': 'org_admin',
  'POST /api/orgs/:slug/register': 'org_admin',
  'GET /api/orgs/:slug/register/export': 'org_admin',
  'GET /api/orgs/:slug/register/:platform/:name': 'org_admin',
  'POST /api/orgs/:slug/register/:platform/:name/change': 'org_admin',
  'POST /api/orgs/:slug/register/:platform/:name/closure': 'org_admin',
  'POST /api/orgs/:slug/register/:platform/:name/running': 'org_admin',
  'POST /api/orgs/:slug/register/:platform/:name/offline': 'org_admin',
  'POST /api/orgs/:slug/register/:platform/:name/close': 'org_admin',
  // Corrections (issue 13 point 6): from a patrol alert (its admins), or of a published draft by its people.
  'POST /api/alerts/:id/correction': 'org_admin',
  'POST /api/drafts/:id/correction': 'decider',
  // The workflow edited by the organisation's admins (issue 12 point 4).
  'GET /api/orgs/:slug/workflow': 'org_admin',
  'PUT /api/orgs/:slug/workflow': 'org_admin',
  'DELETE /api/orgs/:slug/workflow': 'org_admin',
};

/** Routes outside the bearer-token API, each with its own authentication and its own tests. */
const OUTSIDE_API = [/^\/(healthz|readyz|metrics)$/, /^\/api\/openapi\.json$/, /^\/(m|d)\//, /^\/gateway\//];

/** Valid bodies, so a refusal is never a validation error that happened to come first. */
const BODIES: Record<string, object> = {
  'POST /api/orgs': { slug: 'matrix-new', name: '新单位' },
  'POST /api/orgs/:slug/people': { name: '新人', roles: ['reviewer'] },
  'POST /api/orgs/:slug/accounts': {
    platform: 'weibo',
    name: '新微博',
    token: 'tok',
    link: 'https://www.example.gov.cn/',
  },
  'PUT /api/orgs/:slug/accounts/weibo/:name/link': { link: 'https://www.example.gov.cn/' },
  'POST /api/drafts/:id/withdraw': { version: 1 },
  'POST /api/drafts/:id/schedule/cancel': { version: 1, comment: '暂停发布' },
  'POST /api/orgs/:slug/gateway-credentials': { account: 'weibo:乙微博', person: '乙拟稿' },
  'PUT /api/orgs/:slug/sources': { sources: ['南通日报'] },
  'PUT /api/drafts/:id': {
    ...{ title: '停水通知', body: '滨江路一带停水。', kind: 'original' },
    base_version: 1,
  },
  'POST /api/drafts/:id/approve': { version: 1 },
  'POST /api/orgs/:slug/register': {
    platform: 'weibo',
    name: '矩阵微博',
    details: { organiser: '矩阵', verified: false, newsLicence: false, leader: { name: '李四' } },
    reason: '开设',
  },
  'POST /api/orgs/:slug/register/:platform/:name/change': {
    details: { organiser: '矩阵', verified: false, newsLicence: false, leader: { name: '李四' } },
    reason: '变更',
  },
  'POST /api/orgs/:slug/register/:platform/:name/closure': { reason: '注销', announcement: '本账号将注销。' },
  'POST /api/orgs/:slug/register/:platform/:name/offline': { days: 1 },
  'POST /api/orgs/:slug/people/:name/password': { password: '矩阵测试用的足够长密码' },
  'POST /api/drafts/:id/reject': { version: 1, comment: '请修改' },
  'POST /api/drafts/:id/grade': { grade: 'major' },
  'POST /api/drafts/:id/correction': { kind: 'correction' },
  'POST /api/alerts/:id/correction': { kind: 'retraction' },
  'POST /api/drafts/:id/findings/false-positive': {
    version: 1,
    finding: { rule: 'r', field: 'body', start: 0, end: 1 },
    reason: '本单位的正常用语',
  },
};

const ORG_IN_QUERY = new Set([
  '/api/audit',
  '/api/audit/verify',
  '/api/alerts',
  '/api/alerts/:id/correction',
]);
const ORG_ROLES: Role[] = ['drafter', 'reviewer', 'editor', 'deputy', 'principal', 'admin'];
const keyOf = (route: RouteEntry) => `${route.method} ${route.path}`;

describe('role × action matrix over every route', () => {
  let t: ReviewApp;
  let routes: RouteEntry[];
  let otherDraft: string;
  const cc = new Map<Role, Auth>();
  let installer: Auth;

  beforeAll(async () => {
    t = await startReviewApp();
    for (const role of ORG_ROLES) cc.set(role, await t.person(`甲${role}`, [role]));
    installer = await t.person('系统管理员', ['installation_admin'], { org: 'default' });
    const drafter = await t.person('乙拟稿', ['drafter'], { org: 'other' });
    await t.person('乙审核', ['reviewer'], { org: 'other' });
    const created = await request(t.app)
      .post('/api/drafts')
      .set('Authorization', drafter.header)
      .send({ title: '停水通知', body: '明天上午九点至十二点，滨江路一带停水。', kind: 'original' });
    otherDraft = (created.body as { id: string }).id;
    routes = routeTable(t.app);
  });
  afterAll(() => t.close());

  /** Calls `route` as `caller`, addressing organisation `org` and its draft. */
  function call(route: RouteEntry, caller: Auth, org: string) {
    const path = route.path
      .replace(':slug', org)
      .replace('/api/drafts/:id', `/api/drafts/${otherDraft}`)
      .replace(':name', '乙审核')
      .replace(':target', encodeURIComponent('wechat:乙公众号'))
      .replace(/:\w+/g, 'nothing');
    const url = ORG_IN_QUERY.has(route.path) ? `${path}?org=${org}` : path;
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    const agent = request(t.app);
    return agent[method](url)
      .set('Authorization', caller.header)
      .send(BODIES[keyOf(route)] ?? {});
  }

  const apiRoutes = () => routes.filter((route) => !OUTSIDE_API.some((outside) => outside.test(route.path)));
  const ruled = (...rules: Rule[]) => apiRoutes().filter((route) => rules.includes(RULES[keyOf(route)]!));

  it('has a rule for every route of the API, and no rule for a route that is gone', () => {
    expect(apiRoutes().length).toBeGreaterThan(25);
    expect(
      apiRoutes()
        .filter((route) => RULES[keyOf(route)] === undefined)
        .map(keyOf),
    ).toEqual([]);
    expect(Object.keys(RULES).filter((key) => !routes.some((route) => keyOf(route) === key))).toEqual([]);
  });

  it("refuses every person of one organisation, its admin included, every route of another's", async () => {
    const answers: string[] = [];
    for (const route of ruled('org_admin', 'installation_admin', 'member', 'decider')) {
      const expected = RULES[keyOf(route)]!.endsWith('admin') ? 403 : 404;
      for (const [role, caller] of cc) {
        const res = await call(route, caller, 'other');
        if (res.status !== expected) answers.push(`${role} ${keyOf(route)}: ${res.status}`);
      }
    }
    expect(answers).toEqual([]);
  });

  it("refuses an organisation's other people its admin routes, and its admin the installation's", async () => {
    const answers: string[] = [];
    for (const route of ruled('org_admin', 'installation_admin')) {
      for (const [role, caller] of cc) {
        const allowed = role === 'admin' && RULES[keyOf(route)] === 'org_admin';
        const res = await call(route, caller, 'cc');
        if ([401, 403].includes(res.status) === allowed)
          answers.push(`${role} ${keyOf(route)}: ${res.status}`);
      }
    }
    expect(answers).toEqual([]);
  });

  it('lets an installation admin administer and read any organisation, never decide', async () => {
    const answers: string[] = [];
    for (const route of ruled('org_admin', 'installation_admin', 'member', 'decider')) {
      const rule = RULES[keyOf(route)];
      const res = await call(route, installer, 'other');
      const fits = rule === 'decider' ? res.status === 403 : ![401, 403].includes(res.status);
      if (!fits || (rule === 'member' && res.status !== 200)) answers.push(`${keyOf(route)}: ${res.status}`);
    }
    expect(answers).toEqual([]);
  });
});

/**
 * Who may open each desk page (/d) and post to it (with the session's form token and a body it accepts):
 * - `desk`: anyone logged in; logged out, a page is 401 and a post 403 (a stale form);
 * - `session`: anyone logged in; logged out, a redirect to the login page (303);
 * - `own_draft`: the draft's drafter; its organisation's other people and installation admins are sent to
 *   its review page (303); other organisations 404;
 * - `member`: people of the draft's organisation and installation admins; other organisations 404;
 * - `decider`: a decision posted by people of the draft's organisation (the review decides whether it counts);
 *   an installation admin never decides (403), other organisations 404;
 * - `org_admin`, `any_admin`, `installation_admin`: as for the API; another organisation's admin 404.
 * Logged out, the admin pages answer 401 to posts too.
 */
type PageRule =
  'desk' | 'session' | 'own_draft' | 'member' | 'decider' | 'org_admin' | 'any_admin' | 'installation_admin';

const PAGE_RULES: Record<string, PageRule> = {
  'GET /d/queue': 'desk',
  'GET /d/history': 'desk',
  'GET /d/write': 'desk',
  'POST /d/write': 'desk',
  'POST /d/check': 'desk',
  'GET /d/drafts': 'desk',
  'GET /d/sessions': 'session',
  'POST /d/sessions/:id/end': 'session',
  'GET /d/drafts/:id': 'own_draft',
  'GET /d/drafts/:id/edit': 'own_draft',
  'POST /d/drafts/:id/edit': 'own_draft',
  'POST /d/drafts/:id/withdraw': 'own_draft',
  'GET /d/review/:id': 'member',
  'POST /d/review/:id': 'decider',
  'GET /d/monitor': 'any_admin',
  'GET /d/monitor/export': 'any_admin',
  'GET /d/admin': 'any_admin',
  'GET /d/admin/orgs': 'installation_admin',
  'POST /d/admin/orgs': 'installation_admin',
  'GET /d/admin/org/:slug/people': 'org_admin',
  'POST /d/admin/org/:slug/people': 'org_admin',
  'GET /d/admin/org/:slug/people/:name': 'org_admin',
  'POST /d/admin/org/:slug/people/:name/roles': 'org_admin',
  'POST /d/admin/org/:slug/people/:name/password': 'org_admin',
  'POST /d/admin/org/:slug/people/:name/disable': 'org_admin',
  'POST /d/admin/org/:slug/people/:name/sessions/:id/end': 'org_admin',
  'POST /d/admin/org/:slug/people/:name/reissue': 'org_admin',
  'GET /d/admin/org/:slug/audit': 'org_admin',
  'GET /d/admin/org/:slug/audit/verify': 'org_admin',
  'GET /d/admin/org/:slug/audit/export': 'org_admin',
  'GET /d/admin/org/:slug/alerts': 'org_admin',
  'POST /d/admin/org/:slug/alerts/:id/ack': 'org_admin',
  'GET /d/admin/org/:slug/accounts': 'org_admin',
  'POST /d/admin/org/:slug/accounts': 'org_admin',
  'POST /d/admin/org/:slug/accounts/:platform/:name/:verb': 'org_admin',
  'GET /d/admin/org/:slug/workflow': 'org_admin',
  'POST /d/admin/org/:slug/workflow': 'org_admin',
  'POST /d/admin/org/:slug/workflow/reset': 'org_admin',
  'GET /d/admin/org/:slug/register': 'org_admin',
  'GET /d/admin/org/:slug/register/export.xlsx': 'org_admin',
  'GET /d/admin/org/:slug/register/open': 'org_admin',
  'POST /d/admin/org/:slug/register/open': 'org_admin',
  'GET /d/admin/org/:slug/register/:platform/:name/change': 'org_admin',
  'POST /d/admin/org/:slug/register/:platform/:name/change': 'org_admin',
  'GET /d/admin/org/:slug/register/:platform/:name/closure': 'org_admin',
  'POST /d/admin/org/:slug/register/:platform/:name/closure': 'org_admin',
  'GET /d/admin/org/:slug/gateway': 'org_admin',
  'POST /d/admin/org/:slug/gateway': 'org_admin',
  'POST /d/admin/org/:slug/gateway/:appid/revoke': 'org_admin',
};

/** Pages anyone may open, each with its own tests: logging in and out, the editor's script. */
const PUBLIC_PAGES = new Set(['GET /d/login', 'POST /d/login', 'GET /d/login/:token', 'POST /d/logout']);
const PUBLIC_ASSETS = /^\/d\/assets\//;

/** Bodies a page accepts, so that an allowed caller is never turned away by validation mistaken for access. */
const PAGE_BODIES: Record<string, Record<string, string>> = {
  'POST /d/review/:id': { decision: 'reject', version: '1', comment: '请核实停水时间' },
};

/** The callers: each role of `cc`, an installation admin, another organisation's admin, nobody logged in. */
type Caller = Role | 'installation_admin' | 'other_admin' | 'anonymous';

/** What `caller` must get: a status, or `allowed` (GET: 200; POST: anything but 401, 403, 404). */
function expectedFor(rule: PageRule, caller: Caller, method: string): number | 'allowed' {
  const isAdminRule = rule.endsWith('admin');
  if (caller === 'anonymous') {
    if (rule === 'session') return 303;
    return method === 'GET' || isAdminRule ? 401 : 403;
  }
  switch (rule) {
    case 'desk':
    case 'session':
      return 'allowed';
    case 'own_draft':
      if (caller === 'other_admin') return 404;
      return caller === 'drafter' ? 'allowed' : 303;
    case 'member':
      return caller === 'other_admin' ? 404 : 'allowed';
    case 'decider':
      if (caller === 'installation_admin') return 403;
      return caller === 'other_admin' ? 404 : 'allowed';
    case 'any_admin':
      return ['admin', 'installation_admin', 'other_admin'].includes(caller) ? 'allowed' : 403;
    case 'installation_admin':
      return caller === 'installation_admin' ? 'allowed' : 403;
    case 'org_admin':
      if (caller === 'other_admin') return 404;
      return ['admin', 'installation_admin'].includes(caller) ? 'allowed' : 403;
  }
}

describe('role × page matrix over every /d page', () => {
  let t: ReviewApp;
  let routes: RouteEntry[];
  const callers = new Map<Caller, Auth | undefined>();
  const params: Record<string, string> = {};

  beforeAll(async () => {
    t = await startReviewApp();
    for (const role of ORG_ROLES) callers.set(role, await t.person(`甲${role}`, [role]));
    callers.set(
      'installation_admin',
      await t.person('系统管理员', ['installation_admin'], { org: 'default' }),
    );
    callers.set('other_admin', await t.person('乙管理员', ['admin'], { org: 'other' }));
    callers.set('anonymous', undefined);
    // What the pages address: a draft of cc, a person who is no caller, an account, an alert, a credential.
    const created = await request(t.app)
      .post('/api/drafts')
      .set('Authorization', callers.get('drafter')!.header)
      .send({ title: '停水通知', body: '明天上午九点至十二点，滨江路一带停水。', kind: 'original' });
    params['id'] = (created.body as { id: string }).id;
    await t.person('甲对象', ['drafter']);
    params['name'] = '甲对象';
    const account = {
      platform: 'weibo',
      name: '崇川微博',
      token: 'tok',
      link: 'https://www.example.gov.cn/',
    };
    await request(t.app)
      .post('/api/orgs/cc/accounts')
      .set('Authorization', callers.get('admin')!.header)
      .send(account);
    await t.alerts.raise({
      org: 'cc',
      kind: 'publish_failed',
      message: '发布失败',
      at: new Date().toISOString(),
    });
    params['alert'] = alertIdOf((await t.alerts.list('cc', 1))[0]!);
    params['appid'] = (await t.grantGateway('weibo:崇川微博', '甲对象')).appid;
    // A register entry for the account (opened through the major grade's chain), for its change/closure pages.
    const chain = (['reviewer', 'deputy', 'principal'] as const).map((role) => callers.get(role)!);
    const filer = await t.person('台账管理员', ['admin', 'drafter']);
    await registerApi(t, filer, () => chain).running('崇川微博', undefined, 'weibo');
    routes = routeTable(t.app).filter(
      (route) => route.path.startsWith('/d/') && !PUBLIC_ASSETS.test(route.path),
    );
  });
  afterAll(() => t.close());

  /** A browser logged in as `who` (by a login link), and its form token; nobody: a fresh browser. */
  async function browser(who: Auth | undefined) {
    const agent = request.agent(t.app);
    if (!who) return { agent, csrf: '' };
    const person = (await t.people.getPerson(who.id))!;
    expect((await agent.get(t.desk.loginPath(person))).status).toBe(303);
    const page = await agent.get('/d/sessions');
    return { agent, csrf: decodeURIComponent(/csrf=([^"&]+)/.exec(page.text)?.[1] ?? '') };
  }

  function pathOf(route: RouteEntry): string {
    const account = route.path.includes('/accounts/') || route.path.includes('/register/');
    return route.path
      .replace(':slug', 'cc')
      .replace('/alerts/:id', `/alerts/${params['alert']}`)
      .replace(':id', params['id']!)
      .replace(':platform', 'weibo')
      .replace(':name', encodeURIComponent(account ? '崇川微博' : params['name']!))
      .replace(':verb', 'disable')
      .replace(':appid', params['appid']!)
      .replace(/:\w+/g, 'nothing');
  }

  it('has a rule for every desk page, and no rule for a page that is gone', () => {
    const keys = routes.map(keyOf).filter((key) => !PUBLIC_PAGES.has(key));
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((key) => PAGE_RULES[key] === undefined)).toEqual([]);
    expect(Object.keys(PAGE_RULES).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it('answers each caller each page and post as its rule says (200, 303, 401, 403, 404)', async () => {
    const wrong: string[] = [];
    for (const [caller, who] of callers) {
      for (const route of routes.filter((entry) => PAGE_RULES[keyOf(entry)])) {
        const { agent, csrf } = await browser(who);
        const res =
          route.method === 'GET'
            ? await agent.get(pathOf(route))
            : await agent
                .post(`${pathOf(route)}?csrf=${encodeURIComponent(csrf)}`)
                .type('form')
                .send(formBody(PAGE_BODIES[keyOf(route)] ?? {}));
        const expected = expectedFor(PAGE_RULES[keyOf(route)]!, caller, route.method);
        const fits =
          expected !== 'allowed'
            ? res.status === expected
            : route.method === 'GET'
              ? res.status === 200
              : ![401, 403, 404].includes(res.status);
        if (!fits) wrong.push(`${caller} ${keyOf(route)}: ${res.status}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/domain/people.js';
import { startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';
import { routeTable, type RouteEntry } from '../../helpers/route-table.js';

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

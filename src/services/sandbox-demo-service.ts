import type { Person } from '../domain/people.js';
import type { Target } from '../domain/accounts.js';
import type { AccountService } from './account-service.js';
import { cliRecorder } from './audit-service.js';
import type { LoginService } from './login-service.js';
import type { PeopleService } from './people-service.js';
import type { AuditLog } from './ports/audit.js';
import type { ReviewService } from './review-service.js';
import type { IdentifiedSubmission } from './review/review-submissions.js';

/**
 * The demo organisation a sandbox (`qianfa serve --sandbox`, `npm run demo`) seeds: one person per role of the
 * default workflow, one account per platform with sandbox-only credentials (the simulated platforms know these
 * and no others), and two sample drafts waiting for the reviewer.
 */
export const DEMO = {
  org: { slug: 'demo', name: '演示单位（沙盒）' },
  /** Every demo person's password: the login page works too once a link is spent. Sandbox only. */
  password: 'sandbox-demo-2026',
  people: [
    { name: '小李', roles: ['drafter'], label: '拟稿人' },
    { name: '老王', roles: ['reviewer'], label: '审核人' },
    { name: '张主编', roles: ['editor'], label: '审签人（一般稿件）' },
    { name: '陈副主任', roles: ['deputy'], label: '分管负责人（重要稿件）' },
    { name: '刘主任', roles: ['principal'], label: '主要负责人（重大稿件）' },
    { name: '赵管理员', roles: ['admin'], label: '管理员' },
  ],
  wechat: { name: '演示公众号', appid: 'wx5a4db0c0de000001', secret: 'sandbox-wechat-secret' },
  weibo: {
    name: '演示微博',
    uid: '5000000001',
    token: 'sandbox-weibo-token',
    safeDomain: 'sandbox.qianfa.invalid',
    link: 'https://www.sandbox.qianfa.invalid/',
  },
  drafts: [
    {
      id: 'sandboxdemo1',
      title: '区图书馆周末亲子阅读活动通知',
      body: '本周六上午九点在区图书馆二楼举办亲子阅读活动，欢迎家长带孩子参加。活动免费，无需预约。',
    },
    {
      id: 'sandboxdemo2',
      title: '社区志愿者招募启事',
      body: '为做好冬季社区服务工作，现面向辖区居民招募志愿者，报名请到社区服务中心登记。',
    },
  ],
} as const;

export interface DemoPerson {
  readonly person: Person;
  readonly label: string;
  /** A fresh API token: each start reissues them (sandbox people only). */
  readonly token: string;
}

export interface DemoSeedDeps {
  people: PeopleService;
  accounts: AccountService;
  review: ReviewService;
  login: LoginService;
  audit: AuditLog;
}

/**
 * Seeds the demo organisation, idempotently: what exists is left as it is (the sample drafts have fixed ids, which
 * makes their submission idempotent), so starting again adds nothing; only the people's API tokens are reissued.
 */
export async function seedDemo(deps: DemoSeedDeps): Promise<DemoPerson[]> {
  const org = DEMO.org.slug;
  const added = await deps.people.addOrg({ ...DEMO.org });
  if (!added.ok && added.error.code !== 'org_exists') must(added);
  const seeded = await seedPeople(deps);
  const { name, appid, secret } = DEMO.wechat;
  mustOrExists(await deps.accounts.add({ org, platform: 'wechat', name, appid, secret }));
  const { token, link } = DEMO.weibo;
  mustOrExists(await deps.accounts.add({ org, platform: 'weibo', name: DEMO.weibo.name, token, link }));
  const drafter = seeded[0]!.person;
  for (const draft of DEMO.drafts) must(await deps.review.submit(drafter, sampleDraft(draft)));
  return seeded;
}

/** The demo's own data is fixed: a refusal here is a bug, not a user's mistake. */
function must(result: { ok: true } | { ok: false; error: { code: string } }): void {
  if (!result.ok) throw new Error(`demo seeding refused: ${result.error.code}`);
}

function mustOrExists(result: { ok: true } | { ok: false; error: { code: string } }): void {
  if (result.ok || result.error.code !== 'account_exists') must(result);
}

/** Adds the people missing (with the demo password), then issues everyone a fresh token. */
async function seedPeople(deps: DemoSeedDeps): Promise<DemoPerson[]> {
  const { people, login } = deps;
  const record = cliRecorder(deps.audit, 'qianfa serve --sandbox');
  const seeded: DemoPerson[] = [];
  for (const { name, roles, label } of DEMO.people) {
    const added = await people.addPerson({ org: DEMO.org.slug, name, roles });
    if (added.ok) must(await login.setPassword(record, { org: DEMO.org.slug, name }, DEMO.password));
    else if (added.error.code !== 'person_exists') must(added);
    // Issued after the password: setting one ends the person's earlier credentials.
    const issued = await people.issueToken(DEMO.org.slug, name);
    if (!issued.ok) throw new Error(`demo seeding refused: ${issued.error.code}`);
    seeded.push({ person: issued.value.person, label, token: issued.value.token });
  }
  return seeded;
}

function sampleDraft(draft: (typeof DEMO.drafts)[number]): IdentifiedSubmission {
  const targets: Target[] = [`wechat:${DEMO.wechat.name}`, `weibo:${DEMO.weibo.name}`];
  return { id: draft.id, content: { title: draft.title, body: draft.body, kind: 'original', targets } };
}

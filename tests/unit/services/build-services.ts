import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../../src/adapters/crypto/secret-box.js';
import { loadWorkflows } from '../../../src/adapters/files/read-workflows.js';
import { createChecker } from '../../../src/create-checker.js';
import { accountOf } from '../../../src/domain/accounts.js';
import type { Person, Role } from '../../../src/domain/people.js';
import { ok } from '../../../src/domain/result.js';
import type { DecidingWorkflow } from '../../../src/services/review/review-commits.js';
import { DEFAULT_WORDLISTS_DIR, DEFAULT_WORKFLOWS_DIR } from '../../../src/package-dirs.js';
import { createAccountService, type AccountService } from '../../../src/services/account-service.js';
import { createDelegationService, type DelegationService } from '../../../src/services/delegation-service.js';
import { inProcessDraftChecker, type DraftChecker } from '../../../src/services/draft-checker.js';
import type { PublishService } from '../../../src/services/publish-service.js';
import { createFollowUpsWithPublishing } from '../../../src/services/review-follow-ups.js';
import {
  createReviewCommitsFor,
  createReviewService,
  type ReviewService,
} from '../../../src/services/review-service.js';
import { InMemoryAccountStore } from '../../fakes/in-memory/in-memory-account-store.js';
import { InMemoryAdminAlerts } from '../../fakes/in-memory/in-memory-admin-alerts.js';
import { InMemoryAuditLog } from '../../fakes/in-memory/in-memory-audit-log.js';
import { InMemoryDelegationStore } from '../../fakes/in-memory/in-memory-delegation-store.js';
import { InMemoryDraftStore } from '../../fakes/in-memory/in-memory-draft-store.js';
import { InMemoryPublishSchedule } from '../../fakes/in-memory/in-memory-publish-schedule.js';
import { InMemoryPublicationStore } from '../../fakes/in-memory/in-memory-publication-store.js';
import { InMemoryPublishQueue } from '../../fakes/in-memory/in-memory-publish-queue.js';
import { InMemoryPublisher } from '../../fakes/in-memory/in-memory-publisher.js';
import { TestClock } from '../../helpers/test-clock.js';

/** The review and publish services on in-memory ports, with what a test drives and reads. */
export interface UnitServices {
  review: ReviewService;
  publish: PublishService;
  delegations: DelegationService;
  accounts: AccountService;
  clock: TestClock;
  audit: InMemoryAuditLog;
  drafts: InMemoryDraftStore;
  alerts: InMemoryAdminAlerts;
  queue: InMemoryPublishQueue;
  publishers: { wechat: InMemoryPublisher; weibo: InMemoryPublisher };
  /** Adds a person to the organisation (default `cc`). */
  person(name: string, roles: readonly Role[], options?: { org?: string; outsourced?: boolean }): Person;
  /** Runs the publish jobs queued so far (and those they queue), as the worker would. */
  drainPublishing(): Promise<void>;
}

/** The general grade's sign-off chain of org `cc`, and its accounts `wechat:崇川发布` and `weibo:崇川微博`. */
export async function generalChain(
  s: UnitServices,
): Promise<Record<'drafter' | 'reviewer' | 'editor', Person>> {
  const wechat = {
    org: 'cc',
    platform: 'wechat',
    name: '崇川发布',
    appid: 'wx0123456789abcdef',
    secret: 's',
  } as const;
  const weibo = {
    org: 'cc',
    platform: 'weibo',
    name: '崇川微博',
    token: 't',
    link: 'https://www.chongchuan.gov.cn/',
  } as const;
  for (const account of [wechat, weibo]) {
    const added = await s.accounts.add(account);
    if (!added.ok) throw new Error(added.error.code);
  }
  return {
    drafter: s.person('张三', ['drafter']),
    reviewer: s.person('李四', ['reviewer']),
    editor: s.person('王五', ['editor']),
  };
}

let data:
  Promise<{ checker: DraftChecker; workflowFor: (org: string) => Promise<DecidingWorkflow> }> | undefined;

/** The package's checker (on the calling thread) and workflows, loaded once per test file. */
function reviewData() {
  data ??= (async () => {
    const files = await loadWorkflows(DEFAULT_WORKFLOWS_DIR);
    return {
      checker: inProcessDraftChecker(await createChecker({ wordlistsDir: DEFAULT_WORDLISTS_DIR })),
      workflowFor: (org: string) => Promise.resolve({ definition: files.definitionFor(org) }),
    };
  })();
  return data;
}

/**
 * The one place unit tests build the services: when their construction changes, only this function does.
 * Everything runs in memory on a TestClock; ids are sequential, so runs repeat exactly.
 */
export async function buildServices(options: { publishAttempts?: number } = {}): Promise<UnitServices> {
  const { checker, workflowFor } = await reviewData();
  const clock = new TestClock();
  const now = clock.now;
  let lastId = 0;
  const newId = () => `id${String(++lastId).padStart(4, '0')}`;
  const people: Person[] = [];
  const audit = new InMemoryAuditLog();
  const drafts = new InMemoryDraftStore(audit);
  const alerts = new InMemoryAdminAlerts();
  const queue = new InMemoryPublishQueue(options.publishAttempts ?? 5);
  const publishers = { wechat: new InMemoryPublisher('wechat'), weibo: new InMemoryPublisher('weibo') };
  const accounts = createAccountService({
    accounts: new InMemoryAccountStore(),
    people: { getOrg: (slug) => Promise.resolve({ slug, name: `单位${slug}` }) },
    sealer: new SecretBox(randomBytes(32)),
    now,
  });
  const delegations = createDelegationService({
    store: new InMemoryDelegationStore(),
    people: { listPeople: (org) => Promise.resolve(ok(people.filter((p) => p.org === org))) },
    now,
    newId,
  });
  const publications = new InMemoryPublicationStore(audit);
  const { followUps, publish } = createFollowUpsWithPublishing({
    drafts,
    publications,
    schedule: new InMemoryPublishSchedule(),
    accounts,
    publishers: [publishers.wechat, publishers.weibo],
    queue,
    alerts,
    commitsFor: (followUps) => createReviewCommitsFor({ drafts, audit, workflowFor, followUps }),
    now,
  });
  const review = createReviewService({
    drafts,
    audit,
    checker,
    workflowFor,
    now,
    newId,
    followUps,
    leadersOf: (person) => delegations.leadersOf(person),
    targetExists: (org, target) => {
      const { platform, name } = accountOf(target);
      return accounts.exists(org, platform, name);
    },
  });
  return {
    review,
    publish,
    delegations,
    accounts,
    clock,
    audit,
    drafts,
    alerts,
    queue,
    publishers,
    person(name, roles, { org = 'cc', outsourced = false } = {}) {
      const person: Person = { id: newId(), org, name, roles, outsourced };
      people.push(person);
      return person;
    },
    drainPublishing: () => queue.drain(publish),
  };
}

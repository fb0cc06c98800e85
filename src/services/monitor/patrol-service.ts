import type { Account } from '../../domain/accounts.js';
import { forEachLimited } from '../for-each-limited.js';
import type { Clock } from '../../domain/clock.js';
import type { Finding } from '../../domain/checks/finding.js';
import { beijingDay } from '../../domain/monitor/calendar-days.js';
import {
  articleName,
  findingKey,
  freshFindings,
  outboundLinks,
  type PatrolledArticle,
} from '../../domain/monitor/patrol.js';
import { isDead, nextLinkRecord, type LinkRecord } from '../../domain/monitor/patrol-links.js';
import { err, ok, type Result } from '../../domain/result.js';
import { deadLinkText, onlineFindingText } from '../../messages/patrol-texts.js';
import type { AccountError, AccountService } from '../account-service.js';
import type { OrgCheckScope } from '../check-settings-service.js';
import type { AdminAlerts } from '../ports/alerts.js';
import type { OneTimeMarks } from '../ports/one-time-marks.js';
import type {
  DeadLink,
  LinkChecker,
  OpenArticleFindings,
  PatrolArticleSource,
  PatrolCheckerSource,
  PatrolLedger,
  PatrolRun,
} from '../ports/patrol.js';
import type { PeopleStore } from '../ports/people.js';
import { targetOf } from './own-publications.js';

/** Links probed at once (the checker keeps each host to its own polite rate). */
const PROBE_CONCURRENCY = 16;
/** A dead link is alerted once per article for this long; dead still after it, it is alerted again. */
const DEAD_ALERT_TTL_MS = 30 * 24 * 60 * 60_000;

export interface PatrolDeps {
  orgs: Pick<PeopleStore, 'listOrgs'>;
  accounts: Pick<AccountService, 'list' | 'credentials'>;
  source: PatrolArticleSource;
  checkers: PatrolCheckerSource;
  scopeFor: (org: string) => Promise<OrgCheckScope>;
  links: LinkChecker;
  ledger: PatrolLedger;
  alerts: Pick<AdminAlerts, 'raise'>;
  marks: Pick<OneTimeMarks, 'claim'>;
  now: Clock;
}

export interface PatrolStatus {
  org: string;
  lastRun: PatrolRun | null;
  openFindings: OpenArticleFindings[];
}

/** The patrol of what is online (issue 13, point 4; R51): published articles re-checked, outbound links probed. */
export interface PatrolService {
  /** One patrol of the organisation; `org_not_found` for one that does not exist. */
  run(org: string): Promise<Result<PatrolRun, AccountError>>;
  /** Patrols every organisation (the scheduled job). */
  runAll(): Promise<PatrolRun[]>;
  status(org: string): Promise<Result<PatrolStatus, AccountError>>;
}

/** Where each link was seen, for its alert. */
type LinkSightings = Map<string, PatrolledArticle[]>;

interface RunState {
  org: string;
  at: string;
  check: (article: PatrolledArticle) => Finding[];
  articles: number;
  newFindings: number;
  sightings: LinkSightings;
  failures: PatrolRun['failures'];
}

const articleKey = (article: PatrolledArticle) => `${article.target}|${article.articleId}`;

export function createPatrolService(deps: PatrolDeps): PatrolService {
  async function checkPage(state: RunState, page: readonly PatrolledArticle[]): Promise<void> {
    const known = await deps.ledger.knownFindings(state.org, page.map(articleKey));
    for (const article of page) {
      state.articles++;
      const findings = state.check(article);
      const fresh = freshFindings(findings, known.get(articleKey(article)) ?? new Set());
      if (fresh.length > 0) await reportFindings(state, article, fresh);
      await deps.ledger.setOpen(state.org, articleKey(article), openOf(article, findings, state.at));
      for (const link of outboundLinks(article)) {
        const seen = state.sightings.get(link);
        if (seen) seen.push(article);
        else state.sightings.set(link, [article]);
      }
    }
  }

  async function reportFindings(state: RunState, article: PatrolledArticle, fresh: Finding[]): Promise<void> {
    state.newFindings += fresh.length;
    await deps.ledger.rememberFindings(state.org, articleKey(article), fresh.map(findingKey));
    await deps.alerts.raise({
      org: state.org,
      kind: 'online_finding',
      message: onlineFindingText(article.target, { title: articleName(article), url: article.url }, fresh),
      target: article.target,
      at: state.at,
      details: {
        ...articleDetails(article),
        rules: [...new Set(fresh.map((finding) => finding.rule))].join(','),
        texts: fresh.map((finding) => finding.text).join('、'),
      },
    });
  }

  async function patrolAccount(state: RunState, account: Account): Promise<void> {
    const target = targetOf(account);
    try {
      const opened = await deps.accounts.credentials(account.org, account.platform, account.name);
      if (!opened.ok) return void state.failures.push({ target, reason: opened.error.code });
      for await (const page of deps.source.articles(account, opened.value.secret))
        await checkPage(state, page);
    } catch (error) {
      state.failures.push({ target, reason: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Probes each link once, updates its record, and alerts every article carrying a link now dead (once). */
  async function checkLinks(state: RunState): Promise<DeadLink[]> {
    const links = [...state.sightings.keys()];
    const previous = await deps.ledger.linkRecords(state.org, links);
    const records = new Map<string, LinkRecord>();
    await forEachLimited(links, PROBE_CONCURRENCY, async (link) => {
      records.set(link, nextLinkRecord(previous.get(link), await deps.links.probe(link), state.at));
    });
    await deps.ledger.saveLinkRecords(state.org, records);
    const dead: DeadLink[] = [];
    for (const [link, record] of records) {
      if (!isDead(record)) continue;
      for (const article of state.sightings.get(link) ?? []) {
        dead.push({ target: article.target, url: article.url, link, status: record.last });
        await alertDeadLink(state, article, link, record.last);
      }
    }
    return dead;
  }

  async function alertDeadLink(state: RunState, article: PatrolledArticle, link: string, status: string) {
    const mark = `patrol:dead:${state.org}:${articleKey(article)}:${link}`;
    if (!(await deps.marks.claim(mark, DEAD_ALERT_TTL_MS))) return;
    await deps.alerts.raise({
      org: state.org,
      kind: 'dead_link',
      message: deadLinkText(article.target, { title: articleName(article), url: article.url }, link, status),
      target: article.target,
      at: state.at,
      details: { ...articleDetails(article), link, status },
    });
  }

  async function run(org: string): Promise<Result<PatrolRun, AccountError>> {
    const started = performance.now();
    const listed = await deps.accounts.list(org);
    if (!listed.ok) return err(listed.error);
    const at = deps.now().toISOString();
    const checker = await deps.checkers.load();
    const scope = await deps.scopeFor(org);
    const check = (article: PatrolledArticle) =>
      checker.check(
        { title: article.title, body: article.body, format: article.format },
        { ...scope, date: beijingDay(new Date(article.at)) },
      ).findings;
    const state: RunState = {
      org,
      at,
      check,
      articles: 0,
      newFindings: 0,
      sightings: new Map(),
      failures: [],
    };
    for (const account of listed.value) await patrolAccount(state, account);
    const deadLinks = await checkLinks(state);
    const done: PatrolRun = {
      org,
      at,
      accounts: listed.value.length,
      articles: state.articles,
      newFindings: state.newFindings,
      linksChecked: state.sightings.size,
      deadLinks,
      failures: state.failures,
      ms: Math.round(performance.now() - started),
    };
    await deps.ledger.saveRun(done);
    return ok(done);
  }

  return {
    run,
    async runAll() {
      const runs: PatrolRun[] = [];
      for (const org of await deps.orgs.listOrgs()) {
        const result = await run(org);
        if (result.ok) runs.push(result.value);
      }
      return runs;
    },
    async status(org) {
      const listed = await deps.accounts.list(org);
      if (!listed.ok) return err(listed.error);
      const lastRun = (await deps.ledger.lastRun(org)) ?? null;
      return ok({ org, lastRun, openFindings: await deps.ledger.openFindings(org) });
    },
  };
}

/** The details every patrol alert carries (agreed with the reports: platform, account, url). */
function articleDetails(article: PatrolledArticle): Record<string, string> {
  const [platform = '', ...name] = article.target.split(':');
  return {
    platform,
    account: name.join(':'),
    url: article.url,
    article_id: article.articleId,
    title: article.title,
  };
}

function openOf(
  article: PatrolledArticle,
  findings: readonly Finding[],
  at: string,
): OpenArticleFindings | undefined {
  if (findings.length === 0) return undefined;
  return {
    target: article.target,
    articleId: article.articleId,
    url: article.url,
    title: articleName(article),
    findings: findings.map(({ rule, text, message }) => ({ rule, text, message })),
    since: at,
  };
}

import type { Account } from '../../domain/accounts.js';
import type { CheckScope } from '../../domain/checks/check-scope.js';
import type { CheckReport } from '../../domain/checks/finding.js';
import type { Draft } from '../../domain/draft.js';
import type { PatrolledArticle } from '../../domain/monitor/patrol.js';
import type { LinkProbe, LinkRecord } from '../../domain/monitor/patrol-links.js';

/**
 * Every article an account has published, as the platform shows it now, page by page, newest first. Failures
 * are PublisherErrors (the platform's code); the service reports them per account.
 */
export interface PatrolArticleSource {
  articles(account: Account, secret: string): AsyncIterable<readonly PatrolledArticle[]>;
}

/** The checker over today's word lists and reference tables, read afresh for each patrol. */
export interface PatrolCheckerSource {
  load(): Promise<{ check(draft: Draft, scope: CheckScope): CheckReport }>;
}

/** Reaches an outbound link politely (per-host rate, bounded redirects, timeouts, egress policy, cached). */
export interface LinkChecker {
  probe(url: string): Promise<LinkProbe>;
}

/** One finding of an article online, as the patrol's status shows it. */
export interface OnlineFinding {
  rule: string;
  text: string;
  message: string;
}

/** An article that has findings under today's lists. */
export interface OpenArticleFindings {
  target: string;
  articleId: string;
  url: string;
  title: string;
  findings: OnlineFinding[];
  /** When a patrol first reported it. */
  since: string;
}

export interface DeadLink {
  target: string;
  url: string;
  link: string;
  status: string;
}

/** One patrol of an organisation: what it read, what it found, what it could not read. */
export interface PatrolRun {
  org: string;
  at: string;
  accounts: number;
  articles: number;
  /** Findings reported for the first time in this run. */
  newFindings: number;
  linksChecked: number;
  deadLinks: DeadLink[];
  failures: { target: string; reason: string }[];
  ms: number;
}

/**
 * What the patrol remembers: the findings already reported per article (so they are not reported again), each
 * link's record across patrols, the articles with open findings, and the last run. Writes resolve once durable.
 */
export interface PatrolLedger {
  knownFindings(org: string, articles: readonly string[]): Promise<Map<string, Set<string>>>;
  rememberFindings(org: string, article: string, keys: readonly string[]): Promise<void>;
  linkRecords(org: string, links: readonly string[]): Promise<Map<string, LinkRecord>>;
  saveLinkRecords(org: string, records: ReadonlyMap<string, LinkRecord>): Promise<void>;
  /** Sets (or, with `undefined`, clears) an article's open findings. */
  setOpen(org: string, article: string, open: OpenArticleFindings | undefined): Promise<void>;
  openFindings(org: string): Promise<OpenArticleFindings[]>;
  saveRun(run: PatrolRun): Promise<void>;
  lastRun(org: string): Promise<PatrolRun | undefined>;
}

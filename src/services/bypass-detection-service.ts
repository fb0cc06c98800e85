import type { Account } from '../domain/accounts.js';
import type { AuditEvent } from '../domain/audit/audit-event.js';
import { nextWatermark, type ArticleOrigin } from '../domain/publishing/bypass-scan.js';
import { accountGoneText, bypassAlertText } from '../messages/bypass-texts.js';
import type { AccountService } from './account-service.js';
import { NO_DRAFT } from './audit-service.js';
import type { AdminAlerts } from './ports/alerts.js';
import type { BypassLedger, PublishedArticleIndex, PublishedEntry, PublishedFeed } from './ports/bypass.js';
import type { PeopleStore } from './ports/people.js';
import { SYSTEM_ACTOR } from './publish-service.js';
import type { Clock } from '../domain/clock.js';

/** batchget's largest page. */
const PAGE_SIZE = 20;
/** Pages read per account and scan at most (1,000 articles); an account with more since its watermark is cut. */
const DEFAULT_MAX_PAGES = 50;

export interface BypassDetectionDeps {
  orgs: Pick<PeopleStore, 'listOrgs'>;
  accounts: Pick<AccountService, 'list' | 'credentials'>;
  feed: PublishedFeed;
  index: PublishedArticleIndex;
  ledger: BypassLedger;
  alerts: AdminAlerts;
  now: Clock;
  maxPages?: number;
}

/** An article on a WeChat account that did not pass through qianfa. */
export interface BypassFinding {
  org: string;
  account: string;
  articleId: string;
  title: string;
  url: string;
  /** Unix seconds, as WeChat lists it. */
  updateTime: number;
  /** The qianfa publication whose cover the article reuses, if it does. */
  coverOf?: { draft: string; version: number };
}

/** An account the scan could not read (token refused, not verified, WeChat down): scanned again next time. */
export interface BypassScanFailure {
  org: string;
  account: string;
  code: string;
  message: string;
}

export interface BypassScanSummary {
  /** WeChat accounts read to their watermark (failed ones excluded). */
  accounts: number;
  /** Articles examined (those since each account's watermark). */
  articles: number;
  /** Articles flagged by this scan (each article is flagged by one scan only, ever). */
  flagged: BypassFinding[];
  /** Articles left for a later scan: they carry the cover of a qianfa publication not settled yet. */
  pending: number;
  failed: BypassScanFailure[];
  /** Accounts with more articles since their watermark than one scan reads; the older ones were not examined. */
  truncated: { org: string; account: string }[];
}

/** Finds articles on WeChat accounts that were published around qianfa (not through its gate). */
export interface BypassDetection {
  /** One scan of every organisation's WeChat accounts; an account that fails is reported, the rest go on. */
  scan(): Promise<BypassScanSummary>;
}

/**
 * Bypass detection: lists what each WeChat account of every organisation published (freepublish/batchget,
 * newest first, back to the account's watermark) and flags every article qianfa did not publish: an audit entry
 * in the organisation's trail and an alert to its administrators, once per article. Operators bound on the
 * WeChat platform itself can still publish; this makes it visible.
 */
export function createBypassDetection(deps: BypassDetectionDeps): BypassDetection {
  const maxPages = deps.maxPages ?? DEFAULT_MAX_PAGES;

  async function flag(finding: BypassFinding): Promise<boolean> {
    const { org, account, articleId, title, url, updateTime, coverOf } = finding;
    const at = deps.now().toISOString();
    const cover = coverOf ? { cover_of_draft: coverOf.draft, cover_of_version: coverOf.version } : {};
    const audit: AuditEvent = {
      action: 'bypass_detected',
      org,
      draft: NO_DRAFT,
      // No person found it: qianfa did, as it publishes (the same actor as publishing's entries).
      actor: SYSTEM_ACTOR,
      at,
      details: { account, article_id: articleId, title, url, update_time: updateTime, ...cover },
    };
    if (!(await deps.ledger.flag(org, account, articleId, audit))) return false;
    await deps.alerts.raise({
      org,
      kind: 'bypass_detected',
      message: bypassAlertText({ account, title, url, coverOf }),
      target: `wechat:${account}`,
      at,
      details: { account, article_id: articleId, title, url, update_time: String(updateTime) },
    });
    return true;
  }

  /** Reads one account back to its watermark, flags what bypassed qianfa, and moves the watermark on. */
  async function scanAccount(account: Account, summary: BypassScanSummary): Promise<void> {
    const { org, name } = account;
    const opened = await deps.accounts.credentials(org, 'wechat', name);
    if (!opened.ok) throw new Error(accountGoneText(org, name));
    const credentials = { appid: opened.value.account.appid ?? '', secret: opened.value.secret };
    const previous =
      (await deps.ledger.watermark(org, name)) ?? Math.floor(Date.parse(account.createdAt) / 1000);
    const seen: { updateTime: number; pending: boolean }[] = [];
    let complete = false;
    for (let page = 0; page < maxPages && !complete; page++) {
      const entries = await deps.feed.page(credentials, page * PAGE_SIZE, PAGE_SIZE);
      for (const entry of entries.filter((listed) => listed.updateTime >= previous)) {
        const origin = await deps.index.classify(org, name, {
          articleId: entry.articleId,
          thumbMediaIds: entry.articles.map((article) => article.thumbMediaId),
        });
        seen.push({ updateTime: entry.updateTime, pending: origin.kind === 'pending' });
        if (origin.kind === 'pending') summary.pending++;
        if (origin.kind !== 'foreign') continue;
        const finding = findingOf(org, name, entry, origin);
        if (await flag(finding)) summary.flagged.push(finding);
      }
      complete = entries.length < PAGE_SIZE || (entries.at(-1)?.updateTime ?? 0) < previous;
    }
    summary.articles += seen.length;
    if (!complete) summary.truncated.push({ org, account: name });
    await deps.ledger.setWatermark(org, name, nextWatermark(previous, seen));
  }

  return {
    async scan(): Promise<BypassScanSummary> {
      const summary: BypassScanSummary = {
        accounts: 0,
        articles: 0,
        flagged: [],
        pending: 0,
        failed: [],
        truncated: [],
      };
      for (const org of await deps.orgs.listOrgs()) {
        const listed = await deps.accounts.list(org);
        const wechat = listed.ok ? listed.value.filter((account) => account.platform === 'wechat') : [];
        for (const account of wechat) {
          try {
            await scanAccount(account, summary);
            summary.accounts++;
          } catch (error) {
            summary.failed.push({ org, account: account.name, ...failureOf(error) });
          }
        }
      }
      return summary;
    },
  };
}

function findingOf(
  org: string,
  account: string,
  entry: PublishedEntry,
  origin: Extract<ArticleOrigin, { kind: 'foreign' }>,
): BypassFinding {
  const first = entry.articles[0];
  return {
    org,
    account,
    articleId: entry.articleId,
    title: first?.title ?? '',
    url: first?.url ?? '',
    updateTime: entry.updateTime,
    ...(origin.coverOf ? { coverOf: origin.coverOf } : {}),
  };
}

/** The platform's code and explanation of a PublisherError (checked by fields: it comes from an adapter). */
function failureOf(error: unknown): { code: string; message: string } {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const code = typeof fields['platformCode'] === 'string' ? fields['platformCode'] : 'error';
  const message =
    typeof fields['explanation'] === 'string'
      ? fields['explanation']
      : error instanceof Error
        ? error.message
        : String(error);
  return { code, message };
}

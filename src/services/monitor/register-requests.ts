import { parseTarget, type Platform, type Target } from '../../domain/accounts.js';
import type { Clock } from '../../domain/clock.js';
import type { DomainError } from '../../domain/domain-error.js';
import type { Person } from '../../domain/people.js';
import { err, ok, type Result } from '../../domain/result.js';
import { registerProblems } from '../../domain/monitor/register-checks.js';
import {
  targetOfEntry,
  type LifecycleRequest,
  type RegisterDetails,
  type RegisterEntry,
} from '../../domain/monitor/register-entry.js';
import {
  applyApproved,
  dropRequest,
  mayRequest,
  type RegisterError,
} from '../../domain/monitor/register-lifecycle.js';
import { requestDraftText, requestOutcome } from '../../domain/monitor/register-requests.js';
import type { RegisterRules } from '../../domain/monitor/register-rules.js';
import { NO_DRAFT } from '../audit-service.js';
import type { AuditLog } from '../ports/audit.js';
import type { DraftStore } from '../ports/drafts.js';
import type { PeopleStore } from '../ports/people.js';
import type { RegisterStore } from '../ports/register.js';
import type { ReviewSubmissions } from '../review/review-submissions.js';

export type RegisterServiceError = RegisterError | DomainError | { code: 'org_not_found'; slug: string };
export type RegisterAnswer<T> = Promise<Result<T, RegisterServiceError>>;

export interface OpeningRequest {
  platform: Platform;
  name: string;
  details: RegisterDetails;
  reason: string;
}

export interface ChangeRequest {
  /** 更名: the new name; absent: unchanged. */
  name?: string | undefined;
  details: RegisterDetails;
  reason: string;
}

/** Lifecycle requests: each becomes a draft signed off at the major grade, whose chain ends with the principal. */
export interface RegisterRequests {
  requestOpening(by: Person, org: string, request: OpeningRequest): RegisterAnswer<RegisterEntry>;
  requestChange(
    by: Person,
    org: string,
    target: string,
    request: ChangeRequest,
  ): RegisterAnswer<RegisterEntry>;
  /** The draft is the closure announcement itself, published to the account when it is in qianfa. */
  requestClosure(
    by: Person,
    org: string,
    target: string,
    request: { reason: string; announcement: string },
  ): RegisterAnswer<RegisterEntry>;
  /** The entry with its pending request settled against its draft (applied once approved). */
  settled(org: string, target: string): RegisterAnswer<RegisterEntry>;
  settledAll(org: string): RegisterAnswer<RegisterEntry[]>;
  /** Records a register change in the organisation's trail. */
  record(actor: string, entry: RegisterEntry, type: string): Promise<void>;
}

export interface RegisterRequestDeps {
  store: RegisterStore;
  review: Pick<ReviewSubmissions, 'submit'>;
  drafts: Pick<DraftStore, 'get'>;
  accounts: { exists(org: string, platform: Platform, name: string): Promise<boolean> };
  people: Pick<PeopleStore, 'getOrg'>;
  audit: AuditLog;
  rulesFor: (org: string) => RegisterRules;
  now: Clock;
}

/** The grade whose chain ends with the principal (workflows/default.yaml); the outcome checks the principal signed. */
const PRINCIPAL_GRADE = 'major';

export function createRegisterRequests(deps: RegisterRequestDeps): RegisterRequests {
  const { store, now } = deps;

  const record = async (actor: string, entry: RegisterEntry, type: string) => {
    const details = { type, target: targetOfEntry(entry), state: entry.state };
    const pending = entry.pending ? { draft: entry.pending.draft, kind: entry.pending.kind } : {};
    const at = now().toISOString();
    await deps.audit.append({
      action: 'register_changed',
      org: entry.org,
      draft: NO_DRAFT,
      actor,
      at,
      details: { ...details, ...pending },
    });
  };

  /** Applies or drops the pending request once its draft says so. */
  async function settle(entry: RegisterEntry): Promise<RegisterEntry> {
    const { pending } = entry;
    if (!pending) return entry;
    const found = await deps.drafts.get(pending.draft);
    const outcome = requestOutcome(found?.record.review, now());
    if (outcome.type === 'waiting') return entry;
    const next =
      outcome.type === 'approved'
        ? applyApproved(entry, pending, outcome.at)
        : dropRequest(entry, outcome.at);
    const renamed = targetOfEntry(next) !== targetOfEntry(entry);
    await store.save(next, renamed ? targetOfEntry(entry) : undefined);
    await record(
      outcome.type === 'approved' ? outcome.by : 'system',
      next,
      `${outcome.type}:${pending.kind}`,
    );
    return next;
  }

  async function settled(org: string, target: string): RegisterAnswer<RegisterEntry> {
    const parsed = parseTarget(target);
    const entry = parsed ? await store.get(org, parsed) : null;
    if (!entry) return err({ code: 'register_entry_not_found', target });
    return ok(await settle(entry));
  }

  async function settledAll(org: string): RegisterAnswer<RegisterEntry[]> {
    if ((await deps.people.getOrg(org)) === null) return err({ code: 'org_not_found', slug: org });
    const entries = await store.list(org);
    return ok(await Promise.all(entries.map(settle)));
  }

  /** Submits the request's draft and stores the entry with it pending. */
  async function submit(
    by: Person,
    entry: RegisterEntry,
    request: Omit<LifecycleRequest, 'draft' | 'at' | 'by'>,
    content: { title: string; body: string; targets: readonly Target[] },
  ): RegisterAnswer<RegisterEntry> {
    // The request is a draft of the caller's organisation: an installation admin asks through its own admins.
    if (by.org !== entry.org)
      return err({ code: 'register_request_outside', org: entry.org, actual: by.org });
    const submitted = await deps.review.submit(by, {
      content: { ...content, kind: 'original', format: 'text' },
      grade: PRINCIPAL_GRADE,
    });
    if (!submitted.ok && submitted.error.code === 'role_insufficient')
      return err({ code: 'register_request_needs_drafter', name: by.name });
    if (!submitted.ok) return submitted;
    const at = now().toISOString();
    const pending: LifecycleRequest = { ...request, draft: submitted.value.record.id, at, by: by.id };
    const event = { type: 'requested', kind: request.kind, at, draft: pending.draft, by: by.id } as const;
    const next = { ...entry, pending, history: [...entry.history, event] };
    return ok(next);
  }

  return {
    settled,
    settledAll,
    record,

    async requestOpening(by, org, request) {
      const others = await settledAll(org);
      if (!others.ok) return others;
      const { platform, name, details, reason } = request;
      const problems = registerProblems({ platform, name, details }, others.value, deps.rulesFor(org));
      if (problems.length > 0) return err({ code: 'register_rules_broken', problems });
      const fresh: RegisterEntry = {
        org,
        platform,
        name,
        details,
        state: 'planning',
        offline: [],
        history: [],
      };
      const target = targetOfEntry(fresh);
      if (others.value.some((entry) => targetOfEntry(entry) === target))
        return err({ code: 'register_entry_exists', target });
      const text = requestDraftText(fresh, { kind: 'open', reason });
      const entry = await submit(by, fresh, { kind: 'open', reason }, { ...text, targets: [] });
      if (!entry.ok) return entry;
      if ((await store.add(entry.value)) === 'exists') return err({ code: 'register_entry_exists', target });
      await record(by.id, entry.value, 'requested:open');
      return entry;
    },

    async requestChange(by, org, target, request) {
      const all = await settledAll(org);
      if (!all.ok) return all;
      const entry = all.value.find((candidate) => targetOfEntry(candidate) === target);
      if (!entry) return err({ code: 'register_entry_not_found', target });
      const allowed = mayRequest(entry, 'change', now());
      if (!allowed.ok) return allowed;
      const name = request.name ?? entry.name;
      const candidate = { platform: entry.platform, name, details: request.details, currentName: entry.name };
      const problems = registerProblems(candidate, all.value, deps.rulesFor(org));
      if (problems.length > 0) return err({ code: 'register_rules_broken', problems });
      const change = { kind: 'change', reason: request.reason, name, details: request.details } as const;
      const text = requestDraftText(entry, change);
      const changed = await submit(by, entry, change, { ...text, targets: [] });
      if (!changed.ok) return changed;
      await store.save(changed.value);
      await record(by.id, changed.value, 'requested:change');
      return changed;
    },

    async requestClosure(by, org, target, request) {
      const found = await settled(org, target);
      if (!found.ok) return found;
      const entry = found.value;
      const allowed = mayRequest(entry, 'closure', now());
      if (!allowed.ok) return allowed;
      // The announcement goes out on the account itself when qianfa publishes to it (seed 000 art. 15).
      const own = await deps.accounts.exists(org, entry.platform, entry.name);
      const text = requestDraftText(entry, { kind: 'closure', reason: request.reason }, request.announcement);
      const targets = own ? [targetOfEntry(entry)] : [];
      const closing = await submit(
        by,
        entry,
        { kind: 'closure', reason: request.reason },
        { ...text, targets },
      );
      if (!closing.ok) return closing;
      await store.save(closing.value);
      await record(by.id, closing.value, 'requested:closure');
      return closing;
    },
  };
}

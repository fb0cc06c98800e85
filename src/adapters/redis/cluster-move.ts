import { Queue } from 'bullmq';
import {
  BullmqDeliveryQueue,
  BullmqReviewTimers,
  type NotificationQueueOptions,
} from '../queue/bullmq-notification-queues.js';
import { bullmqBase, closeQueue } from '../queue/bullmq-publish-queue.js';
import { verifyAuditChain } from '../../services/audit-service.js';
import { BULLMQ_KIND, KeyReader, type KeyCall } from './key-shapes.js';
import type { OrgLookupKey } from './org-of-ids.js';
import { outboxJobOrg } from './redis-notification-outbox.js';
import { RedisAuditLog } from './redis-audit-log.js';
import { scanKeys, type RedisClient } from './redis-client.js';
import { RedisKeys } from './redis-keys.js';

/**
 * Moving a single-node installation onto a Redis Cluster (issue 17 point 4): every key under the prefix is copied
 * (DUMP/RESTORE, with its time to live) under the name it has with hash tags, the id → organisation keys OrgOfIds
 * reads are written, and the keys shared by every organisation on one node that are one per organisation on a
 * Cluster are split. Names are read back into RedisKeys calls (key-shapes.ts) and spelled again with hashTags.
 * BullMQ's keys are not copied (the queues take a new prefix per queue on a Cluster): see docs/scaling.md.
 */

/** Things addressed by id alone, whose keys carry their organisation only under hashTags. */
type Owner =
  'draft' | 'person' | 'token' | 'gatewayDraft' | 'gatewayPublishId' | 'gatewayArticle' | 'gatewayCredential';

/** For keys named by an id alone: what the id is, so its organisation can be read from the data. */
export const OWNED_BY: Readonly<Record<string, Owner>> = {
  draft: 'draft',
  draftVersions: 'draft',
  draftPublications: 'draft',
  person: 'person',
  personTokens: 'person',
  personChannels: 'person',
  personGeneration: 'person',
  personPassword: 'person',
  personSessions: 'person',
  token: 'token',
  gatewayDraft: 'gatewayDraft',
  gatewayPublishId: 'gatewayPublishId',
  gatewayArticle: 'gatewayArticle',
  gatewayCredential: 'gatewayCredential',
};

/** The OrgOfIds key each kind of id is looked up by on the Cluster. */
const LOOKUP_OF: Record<Owner, OrgLookupKey> = {
  draft: 'draftOrg',
  person: 'personOrg',
  token: 'tokenOrg',
  gatewayDraft: 'gatewayDraftOrg',
  gatewayPublishId: 'gatewayPublishIdOrg',
  gatewayArticle: 'gatewayArticleOrg',
  gatewayCredential: 'gatewayCredentialOrg',
};

/** One member of a set, sorted set or stream being split: its organisation decides which copy it goes to. */
interface Item {
  member: string;
  score?: string;
  /** A stream entry's id and fields. */
  id?: string;
  fields?: string[];
}

/** Keys shared by every organisation on one node and one per organisation on a Cluster: whose each member is. */
export const SPLIT_BY: Readonly<Record<string, (item: Item, owners: Owners) => Promise<string>>> = {
  approvedDrafts: (item, owners) => owners.of('draft', item.member),
  gatewayRefusalWindows: (item) => Promise.resolve((JSON.parse(item.member) as [string])[0]),
  notificationOutbox: (item) => Promise.resolve(outboxJobOrg(item.fields!)),
  notificationRetries: (item) => Promise.resolve(outboxJobOrg(JSON.parse(item.member) as string[])),
  notificationDeadLetters: (item) => Promise.resolve(outboxJobOrg(item.fields!)),
};

/** A key under the prefix that no RedisKeys method names: moving it blindly could lose what it means. */
export class UnknownKeyError extends Error {
  override readonly name = 'UnknownKeyError';
  constructor(readonly key: string) {
    super(`unknown key ${key}`);
  }
}

/** A key named by an id whose organisation the data does not give (its record is gone). */
export class OwnerMissingError extends Error {
  override readonly name = 'OwnerMissingError';
  constructor(readonly key: string) {
    super(`no organisation found for ${key}`);
  }
}

/** A member of a shared key that cannot be read (damaged by hand or by a bug), so its organisation is unknown. */
export class UnreadableMemberError extends Error {
  override readonly name = 'UnreadableMemberError';
  constructor(
    readonly key: string,
    readonly member: string,
    options?: ErrorOptions,
  ) {
    super(`cannot read ${member} in ${key}`, options);
  }
}

/** The source holds no key under the prefix (a wrong prefix, or the wrong Redis). */
export class SourceEmptyError extends Error {
  override readonly name = 'SourceEmptyError';
}

/** The target already holds keys under the prefix. */
export class TargetNotEmptyError extends Error {
  override readonly name = 'TargetNotEmptyError';
}

/** The copy is not what was planned: counts differ, or an audit chain does not verify on the target. */
export class MoveCheckError extends Error {
  override readonly name = 'MoveCheckError';
}

export interface MoveReport {
  /** Per RedisKeys method: keys read on the source, keys on the target (split keys: one per organisation). */
  kinds: { kind: string; source: number; target: number }[];
  /** Each organisation's audit chain, verified on the target. */
  chains: { org: string; entries: number }[];
  /** BullMQ's keys on the source, not copied, and the jobs its queues still held (queue → jobs). */
  bullmqKeys: number;
  queuedJobs: Record<string, number>;
  /** The pending digest jobs set again on the target, each due when it was. */
  digestsMoved: number;
  /** The deliveries waiting for a retry set again on the target, each due when it was, with its attempts left. */
  deliveriesMoved: number;
}

/** The organisations of ids, read from the source's records (each read once). */
class Owners {
  private readonly known = new Map<string, Promise<string | null>>();

  constructor(
    private readonly source: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async of(owner: Owner, id: string): Promise<string> {
    const org = await this.lookup(owner, id);
    if (org === null) throw new OwnerMissingError(`${owner} ${id}`);
    return org;
  }

  lookup(owner: Owner, id: string): Promise<string | null> {
    const key = `${owner}\u0000${id}`;
    if (!this.known.has(key)) this.known.set(key, this.read(owner, id));
    return this.known.get(key)!;
  }

  private async read(owner: Owner, id: string): Promise<string | null> {
    const { source, keys } = this;
    const orgIn = (json: string | null) => (json === null ? null : (JSON.parse(json) as { org: string }).org);
    const mediaVia = async (key: string) => {
      const mediaId = await source.get(key);
      return mediaId === null ? null : this.lookup('gatewayDraft', mediaId);
    };
    switch (owner) {
      case 'draft': {
        const record = await source.hget(keys.draft('', id), 'record');
        return record === null ? null : (JSON.parse(record) as { review: { org: string } }).review.org;
      }
      case 'person':
        return orgIn(await source.get(keys.person('', id)));
      case 'token': {
        const person = await source.get(keys.token('', id));
        return person === null ? null : this.lookup('person', person);
      }
      case 'gatewayDraft':
        return orgIn(await source.get(keys.gatewayDraft('', id)));
      case 'gatewayPublishId':
        return mediaVia(keys.gatewayPublishId('', id));
      case 'gatewayArticle':
        return mediaVia(keys.gatewayArticle('', id));
      case 'gatewayCredential':
        return orgIn(await source.hget(keys.gatewayCredential('', id), 'credential'));
    }
  }
}

/**
 * What the move will write, worked out before anything is written: an unknown key, or an id or member whose
 * organisation the data does not give, stops it first.
 */
interface Plan {
  copies: { from: string; to: string; kind: string }[];
  /** Each shared key's members with the name of their organisation's copy. */
  splits: { kind: string; type: string; items: { item: Item; to: string }[] }[];
  /** OrgOfIds key → organisation. */
  lookups: Map<string, { org: string; kind: string }>;
  sourceCounts: Map<string, number>;
  chains: Set<string>;
  bullmqKeys: number;
  queues: Set<string>;
}

const BATCH = 200;

/**
 * Copies the single-node installation under `prefix` on `source` into the Cluster `target` in the hash-tagged
 * shapes, then checks the copy: keys per kind as planned, every organisation's audit chain verifies. The service
 * must be stopped (the docs say so): keys written meanwhile would be missed.
 */
export async function moveToCluster(
  source: RedisClient,
  target: RedisClient,
  options: { prefix: string; sourceUrl: string; targetUrl: string },
): Promise<MoveReport> {
  const { prefix } = options;
  const plainKeys = new RedisKeys(prefix);
  const taggedKeys = new RedisKeys(prefix, { hashTags: true });
  if (await anyKey(target, prefix)) throw new TargetNotEmptyError(`target holds keys under ${prefix}`);
  const owners = new Owners(source, plainKeys);
  const plan = await planMove(source, new KeyReader(plainKeys), new KeyReader(taggedKeys), owners);
  if (plan.sourceCounts.size === 0) throw new SourceEmptyError(`no qianfa keys under ${prefix}`);
  const restored = await copyKeys(source, target, plan.copies);
  await splitKeys(target, plan.splits);
  await writeLookups(target, plan.lookups);
  const kinds = await checkCounts(target, new KeyReader(taggedKeys), plan, restored);
  const chains = await verifyChains(target, taggedKeys, plan.chains);
  const queuedJobs = await queuedJobsOf(options.sourceUrl, prefix, plan.queues);
  // Review reminders need nothing of BullMQ: the patrol derives them from the awaiting index, and its marks, due
  // set and cursor (reminderMarks, reminderDue, reminderCursor: one of each per organisation) were copied with
  // the rest.
  const digestsMoved = await carryJobsOver(
    options,
    (queue) => new BullmqReviewTimers(queue),
    async (from, to) => {
      const pending = await from.pendingDigests();
      await to.digests(pending.map(({ due, dueAt }) => ({ due, delayMs: Math.max(0, dueAt - Date.now()) })));
      return pending.length;
    },
  );
  const deliveriesMoved = await carryJobsOver(
    options,
    (queue) => new BullmqDeliveryQueue(queue),
    async (from, to) => {
      const pending = await from.pendingRetries();
      await to.resume(pending);
      return pending.length;
    },
  );
  return { kinds, chains, bullmqKeys: plan.bullmqKeys, queuedJobs, digestsMoved, deliveriesMoved };
}

async function anyKey(client: RedisClient, prefix: string): Promise<boolean> {
  for await (const found of scanKeys(client, `${prefix}*`, 1000)) if (found.length > 0) return true;
  return false;
}

async function planMove(
  source: RedisClient,
  plain: KeyReader,
  tagged: KeyReader,
  owners: Owners,
): Promise<Plan> {
  const plan: Plan = {
    copies: [],
    splits: [],
    lookups: new Map(),
    sourceCounts: new Map(),
    chains: new Set(),
    bullmqKeys: 0,
    queues: new Set(),
  };
  const seen = new Set<string>(); // SCAN may return a key twice
  for await (const found of scanKeys(source, `${plain.prefix}*`, 1000)) {
    for (const name of found.filter((key) => !seen.has(key))) {
      seen.add(name);
      await planKey(source, name, plan, { plain, tagged }, owners);
    }
  }
  return plan;
}

async function planKey(
  source: RedisClient,
  name: string,
  plan: Plan,
  { plain, tagged }: { plain: KeyReader; tagged: KeyReader },
  owners: Owners,
) {
  const call = plain.read(name);
  if (!call) throw new UnknownKeyError(name);
  if (call.method === BULLMQ_KIND) {
    plan.bullmqKeys += 1;
    plan.queues.add(call.args[0]!);
    return;
  }
  const kind = call.method;
  plan.sourceCounts.set(kind, (plan.sourceCounts.get(kind) ?? 0) + 1);
  if (kind === 'auditHead') plan.chains.add(call.args[0]!);
  if (call.orgArg === undefined) return void plan.copies.push({ from: name, to: name, kind });
  if (call.args[call.orgArg] !== undefined)
    return void plan.copies.push({ from: name, to: tagged.name(call), kind });
  if (kind in SPLIT_BY) return void plan.splits.push(await splitPlan(source, name, call, tagged, owners));
  const owner = OWNED_BY[kind];
  if (!owner)
    throw new Error(`RedisKeys.${kind} is named by an id alone, but cluster-move.ts has no OWNED_BY for it`);
  const id = call.args.find((arg, n) => n !== call.orgArg && arg !== undefined)!;
  const org = await owners.lookup(owner, id);
  if (org === null) throw new OwnerMissingError(name);
  plan.lookups.set(tagged.keys[LOOKUP_OF[owner]](id), { org, kind: LOOKUP_OF[owner] });
  plan.copies.push({ from: name, to: tagged.name(call, org), kind });
}

/** Keys restored per kind: how many, and how many of those expire (and may be gone by the check). */
type Restored = Map<string, { keys: number; expiring: number }>;

/** DUMP on the source, RESTORE under the new name on the target, each remaining time to live kept. */
async function copyKeys(source: RedisClient, target: RedisClient, copies: Plan['copies']): Promise<Restored> {
  const restored: Restored = new Map();
  for (let at = 0; at < copies.length; at += BATCH) {
    const batch = copies.slice(at, at + BATCH);
    const read = source.pipeline();
    for (const { from } of batch) read.dumpBuffer(from).pttl(from);
    const replies = (await read.exec()) ?? [];
    await Promise.all(
      batch.map(({ to, kind }, n) => {
        const payload = replies[2 * n]?.[1] as Buffer | null;
        const ttl = replies[2 * n + 1]?.[1] as number;
        if (payload === null || ttl === -2) return Promise.resolve(); // expired since the scan
        const counted = restored.get(kind) ?? { keys: 0, expiring: 0 };
        restored.set(kind, { keys: counted.keys + 1, expiring: counted.expiring + (ttl > 0 ? 1 : 0) });
        return target.restore(to, Math.max(ttl, 0), payload);
      }),
    );
  }
  return restored;
}

/** A shared key's members, each with the name of its organisation's copy. */
async function splitPlan(
  source: RedisClient,
  from: string,
  call: KeyCall,
  tagged: KeyReader,
  owners: Owners,
): Promise<Plan['splits'][number]> {
  const type = await source.type(from);
  const items = [];
  for (const item of await itemsOf(source, from, type))
    items.push({ item, to: tagged.name(call, await orgOfMember(from, call.method, item, owners)) });
  return { kind: call.method, type, items };
}

/** The organisation a shared key's member belongs to; a member that cannot be read is named in the error. */
async function orgOfMember(from: string, method: string, item: Item, owners: Owners): Promise<string> {
  const unreadable = (cause?: unknown) => new UnreadableMemberError(from, item.id ?? item.member, { cause });
  let org: unknown;
  try {
    org = await SPLIT_BY[method]!(item, owners);
  } catch (error) {
    throw error instanceof OwnerMissingError ? error : unreadable(error);
  }
  if (typeof org !== 'string' || org === '') throw unreadable();
  return org;
}

/** Each shared key's members written to their organisation's copy. */
async function splitKeys(target: RedisClient, splits: Plan['splits']): Promise<void> {
  for (const { type, items } of splits)
    for (const { item, to } of items) await writeItem(target, to, type, item);
}

async function itemsOf(source: RedisClient, key: string, type: string): Promise<Item[]> {
  if (type === 'set') return (await source.smembers(key)).map((member) => ({ member }));
  if (type === 'zset') {
    const flat = await source.zrange(key, 0, -1, 'WITHSCORES');
    return flat.flatMap((member, n) => (n % 2 === 0 ? [{ member, score: flat[n + 1]! }] : []));
  }
  if (type === 'stream') {
    const entries = await source.xrange(key, '-', '+');
    return entries.map(([id, fields]) => ({ member: id, id, fields }));
  }
  throw new Error(`cannot split ${key}: a ${type}`);
}

/** Stream entries keep their ids (in order, so each copy's ids still increase); no consumer group is copied. */
async function writeItem(target: RedisClient, key: string, type: string, item: Item): Promise<void> {
  if (type === 'set') await target.sadd(key, item.member);
  else if (type === 'zset') await target.zadd(key, item.score!, item.member);
  else await target.xadd(key, item.id!, ...item.fields!);
}

async function writeLookups(target: RedisClient, lookups: Plan['lookups']): Promise<void> {
  const entries = [...lookups];
  for (let at = 0; at < entries.length; at += BATCH)
    await Promise.all(entries.slice(at, at + BATCH).map(([key, { org }]) => target.set(key, org, 'NX')));
}

/** Keys per kind the target should hold, and how many of them may have expired since they were restored. */
function expectedCounts(plan: Plan, restored: Restored): Restored {
  const expected: Restored = new Map(restored);
  const add = (kind: string, keys: number) =>
    expected.set(kind, {
      keys: (expected.get(kind)?.keys ?? 0) + keys,
      expiring: expected.get(kind)?.expiring ?? 0,
    });
  for (const { kind, items } of plan.splits) add(kind, new Set(items.map(({ to }) => to)).size);
  for (const { kind } of plan.lookups.values()) add(kind, 1);
  return expected;
}

/** The target's keys counted by kind (read back in the tagged shapes) against the plan. */
async function checkCounts(
  target: RedisClient,
  tagged: KeyReader,
  plan: Plan,
  restored: Restored,
): Promise<MoveReport['kinds']> {
  const expected = expectedCounts(plan, restored);
  const { sourceCounts } = plan;
  const found = new Map<string, number>();
  const seen = new Set<string>();
  for await (const keys of scanKeys(target, `${tagged.prefix}*`, 1000)) {
    for (const key of keys.filter((each) => !seen.has(each))) {
      seen.add(key);
      const kind = tagged.read(key)?.method ?? `? ${key}`;
      found.set(kind, (found.get(kind) ?? 0) + 1);
    }
  }
  const kinds = [...new Set([...sourceCounts.keys(), ...expected.keys(), ...found.keys()])].sort();
  const wrong = kinds.filter((kind) => {
    const { keys = 0, expiring = 0 } = expected.get(kind) ?? {};
    const count = found.get(kind) ?? 0;
    return count > keys || count < keys - expiring;
  });
  if (wrong.length > 0) {
    const detail = wrong.map((kind) => `${kind} ${found.get(kind) ?? 0}/${expected.get(kind)?.keys ?? 0}`);
    throw new MoveCheckError(`target keys differ from the plan (found/expected): ${detail.join(', ')}`);
  }
  return kinds.map((kind) => ({ kind, source: sourceCounts.get(kind) ?? 0, target: found.get(kind) ?? 0 }));
}

async function verifyChains(
  target: RedisClient,
  keys: RedisKeys,
  orgs: Set<string>,
): Promise<MoveReport['chains']> {
  const audit = new RedisAuditLog(target, keys);
  const chains: MoveReport['chains'] = [];
  for (const org of [...orgs].sort()) {
    const result = await verifyAuditChain(audit, org);
    if (!result.ok) throw new MoveCheckError(`audit chain of ${org} does not verify on the target`);
    chains.push({ org, entries: result.count });
  }
  return chains;
}

/** The jobs BullMQ's queues on the source still hold (not moved), by queue. */
async function queuedJobsOf(
  url: string,
  prefix: string,
  queues: Set<string>,
): Promise<Record<string, number>> {
  const queued: Record<string, number> = {};
  for (const name of [...queues].sort()) {
    const base = bullmqBase({ redisUrl: url, redisPrefix: prefix }, name);
    const queue = new Queue(name, base);
    try {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      const jobs = Object.values(counts).reduce((sum, n) => sum + n, 0);
      if (jobs > 0) queued[name] = jobs;
    } finally {
      await closeQueue(queue, base.connection);
    }
  }
  return queued;
}

/**
 * Sets again on the target the jobs of one BullMQ queue pending on the source (digest jobs; deliveries waiting for
 * a retry), each due when it was: without them the items held in a digest window (the window hashes are copied)
 * would never be sent, and a delivery that failed once would never be tried again. Same job ids: a second run adds
 * none twice. Returns how many were set.
 */
async function carryJobsOver<Q extends { close(): Promise<void> }>(
  urls: { prefix: string; sourceUrl: string; targetUrl: string },
  open: (queue: NotificationQueueOptions) => Q,
  carry: (from: Q, to: Q) => Promise<number>,
): Promise<number> {
  const from = open({ redisUrl: urls.sourceUrl, redisPrefix: urls.prefix });
  const to = open({ redisUrl: urls.targetUrl, redisPrefix: urls.prefix });
  try {
    return await carry(from, to);
  } finally {
    await Promise.all([from.close(), to.close()]);
  }
}

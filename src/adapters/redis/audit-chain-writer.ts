import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-client.js';
import { appendEntry, type ChainLink } from '../../domain/audit/audit-chain.js';
import type { AuditEntry, AuditEvent } from '../../domain/audit/audit-event.js';
import { canonicalJson } from '../../domain/audit/canonical-json.js';
import type { AuditHead } from '../../services/ports/audit.js';
import { RedisKeys } from './redis-keys.js';
import { withScripts, type ScriptArg, type ScriptCall, type Scripts } from './redis-scripts.js';

/**
 * Lua shared by every script that appends to an organisation's chain. The entries are linked in TypeScript
 * against the head we read; the script writes them only if the head is still that one (compare-and-set), and
 * in the same atomic step as whatever else the calling script writes.
 *
 * KEYS[1] head, KEYS[2] entries, KEYS[3] the draft's index of its entries' seqs.
 * ARGV from `base`: expected head ('' for none; '*' when there is nothing to append, so the head is neither
 * checked nor moved), new head, first seq, whether to index ('1'/'0'), count, then the entries' JSON.
 */
export const AUDIT_LUA = `
local function audit_head_moved(base)
  if ARGV[base] == '*' then return false end
  local current = redis.call('GET', KEYS[1]) or ''
  if current ~= ARGV[base] then return current end
  return false
end
local function audit_append(base)
  if ARGV[base] == '*' then return end
  local first = tonumber(ARGV[base + 2])
  local index = ARGV[base + 3] == '1'
  for i = 1, tonumber(ARGV[base + 4]) do
    redis.call('RPUSH', KEYS[2], ARGV[base + 4 + i])
    if index then redis.call('RPUSH', KEYS[3], first + i - 1) end
  end
  redis.call('SET', KEYS[1], ARGV[base + 1])
end
`;

/** The three audit keys, in the order AUDIT_LUA expects them. */
export function auditKeys(keys: RedisKeys, org: string, draft: string): [string, string, string] {
  return [keys.auditHead(org), keys.auditLog(org), keys.draftAudit(org, draft)];
}

/** Attempts per append before giving up; each lost attempt means another writer appended in between. */
export const MAX_APPEND_ATTEMPTS = 64;

/** Appends of one organisation committed by one script call at most (bounds how long Redis is held). */
export const MAX_GROUP = 32;

/** What the group script answers when it was to take the turn and another writer holds it. */
const TURN_TAKEN = -1;

/** Groups of an organisation that take the turn first after another process was found writing there. */
const SHARED_GROUPS = 32;

/** Another writer kept winning the race for the head; nothing was written. */
export class AuditConflictError extends Error {
  override readonly name = 'AuditConflictError';
}

/** What a script run answers: written, the head moved (retry with the one given), or the caller's own refusal. */
export type ScriptOutcome<R> = { written: true } | { headMoved: string } | { refused: R };

/**
 * A script that appends to the chain: `lua` starts with AUDIT_LUA and reads its own KEYS and ARGV (the audit
 * arguments last); it answers 1 when written. `name` is unique per script text.
 */
export interface ChainedScript {
  name: string;
  lua: string;
}

/** One chained write: its script, keys and arguments (the audit arguments are added), and how to read its reply. */
export interface ChainedWrite<R> {
  script: ChainedScript;
  keys: readonly string[];
  /** Sent as given: a Buffer for a long text (see RedisDraftStore.commit). */
  args: readonly ScriptArg[];
  outcome(reply: unknown): ScriptOutcome<R>;
}

export type Written<R> = { entries: AuditEntry[] } | { refused: R };

interface Pending {
  events: readonly AuditEvent[];
  write: ChainedWrite<unknown>;
  done(written: Written<unknown>): void;
  failed(error: unknown): void;
}

// KEYS: 1 the turn (a list holding one token while nobody writes), 2 its holder (with a lease), 3 the head.
// ARGV: 1 this writer, 2 lease ms. Takes the turn if its token is there, or if the token is lost (never made, or
// its holder died: no holder left after the lease), and answers the head; false otherwise. A released turn
// keeps a holder of 'free' for a lease, which covers a waiter between its BLPOP and HOLD_TURN.
const TAKE_TURN = `
if not redis.call('LPOP', KEYS[1]) and redis.call('EXISTS', KEYS[2]) == 1 then return false end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return redis.call('GET', KEYS[3]) or ''`;

// The token was popped by BLPOP: hold it. KEYS: holder, head. ARGV: writer, lease ms.
const HOLD_TURN = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return redis.call('GET', KEYS[2]) or ''`;

// Gives the turn back unless another writer took it over (its lease ended). KEYS: turn, holder. ARGV: writer,
// lease ms.
const RELEASE_LUA = `
local function release_turn()
  if (redis.call('GET', KEYS[2]) or ARGV[1]) ~= ARGV[1] then return end
  redis.call('SET', KEYS[2], 'free', 'PX', ARGV[2])
  redis.call('DEL', KEYS[1])
  redis.call('RPUSH', KEYS[1], '1')
end
`;
const RELEASE_TURN = `${RELEASE_LUA}
release_turn()
return 1`;

/**
 * One script for a group of chained writes: each runs as a function over its own slice of the keys and
 * arguments, in order, and the first that does not answer 1 stops the group (those before it are written).
 * KEYS: 1 turn, 2 holder, then each write's keys. ARGV: 1 writer, 2 lease ms, 3 count, 4 '1' when the script
 * takes the turn itself (as TAKE_TURN does; the caller linked the entries after the head it last wrote), '0'
 * when the caller holds it, then per write its script's name, key count, argument count and arguments. Answers
 * {-1, 0} when the turn is another writer's (nothing written), {0, 1} when all were written and the turn is
 * given back, else {i, reply} with the turn kept (lease renewed) for the rest.
 */
function groupLua(scripts: readonly ChainedScript[]): string {
  const functions = scripts.map(
    (script) => `ops[${JSON.stringify(script.name)}] = function(KEYS, ARGV)\n${script.lua}\nend`,
  );
  return `${RELEASE_LUA}
local ops = {}
${functions.join('\n')}
if ARGV[4] == '1' then
  if not redis.call('LPOP', KEYS[1]) and redis.call('EXISTS', KEYS[2]) == 1 then return {-1, 0} end
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
end
local k, a = 3, 5
for i = 1, tonumber(ARGV[3]) do
  local name, nk, na = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  local keys, args = {}, {}
  for j = 1, nk do keys[j] = KEYS[k + j - 1] end
  for j = 1, na do args[j] = ARGV[a + 2 + j] end
  k, a = k + nk, a + 3 + na
  local reply = ops[name](keys, args)
  if reply ~= 1 then
    if (redis.call('GET', KEYS[2]) or ARGV[1]) == ARGV[1] then redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2]) end
    return {i, reply}
  end
end
release_turn()
return {0, 1}`;
}

type TurnScripts = Scripts<'qianfaAuditTakeTurn' | 'qianfaAuditHoldTurn' | 'qianfaAuditReleaseTurn'>;

/**
 * Appends to organisations' chains, in groups. Appends of this process to one organisation wait behind each
 * other and go out together, linked one after the other, in one script call. Processes on one Redis take
 * turns per organisation (a token in a list, BLPOP while another holds it, a lease in case it dies), so they
 * do not race for the head either: the compare-and-set stays as the guarantee, and costs a retry only when a
 * lease ran out. A group linked after the head this process last wrote takes the turn inside its own script
 * (one round trip instead of two while no other process writes to the organisation); when the turn is taken,
 * it waits as above, and when the head moved meanwhile, it holds the turn and links again.
 */
export class AuditChainWriter {
  private readonly pending = new Map<string, Pending[]>();
  /** The head this process last wrote or read with the turn, per organisation (a guess: the script checks it). */
  private readonly heads = new Map<string, string>();
  /**
   * Groups of an organisation still to take the turn first, because another process was found writing there:
   * a wrong guess sends the group's writes twice (on the request path a whole draft each).
   */
  private readonly shared = new Map<string, number>();
  private readonly turns: TurnScripts;
  private readonly scripts = new Map<string, ScriptCall>();
  private readonly blocking: RedisClient[] = [];
  private readonly id = randomUUID();
  /** Script runs that found the head moved by another writer (each cost a retry). */
  headLost = 0;
  /** Groups linked after the head last written here that another process had moved since (each cost a retry). */
  staleHeads = 0;
  /** Group script calls made. */
  groupCalls = 0;

  constructor(
    private readonly redis: RedisClient,
    readonly keys: RedisKeys = new RedisKeys(),
    /** Told how long each append took, queueing behind this process's other appends included (metrics). */
    private readonly appended: (seconds: number) => void = () => undefined,
    /** How long a writer may hold an organisation's turn before another may take it over. */
    private readonly leaseMs = 2_000,
  ) {
    this.turns = withScripts(redis, {
      qianfaAuditTakeTurn: TAKE_TURN,
      qianfaAuditHoldTurn: HOLD_TURN,
      qianfaAuditReleaseTurn: RELEASE_TURN,
    });
  }

  write<R>(org: string, events: readonly AuditEvent[], write: ChainedWrite<R>): Promise<Written<R>> {
    // Nothing to link: the write need not wait for the chain, nor check its head.
    if (events.length === 0) return this.writeUnchained(write);
    const started = performance.now();
    return new Promise<Written<R>>((resolve, reject) => {
      const done = (written: Written<unknown>): void => {
        this.appended((performance.now() - started) / 1000);
        resolve(written as Written<R>);
      };
      const queued = this.pending.get(org);
      const entry = { events, write: write as ChainedWrite<unknown>, done, failed: reject };
      if (queued) return void queued.push(entry);
      this.pending.set(org, [entry]);
      // Started a turn of the event loop later, so the appends of this turn go out in the same group.
      void Promise.resolve().then(() => this.drain(org));
    });
  }

  private async writeUnchained<R>(write: ChainedWrite<R>): Promise<Written<R>> {
    const outcome = write.outcome(
      await this.run(write.script, write.keys, write.args, ['*', '', '0', '0', '0']),
    );
    if ('refused' in outcome) return outcome;
    if ('written' in outcome) return { entries: [] };
    throw new Error('a write without audit events cannot lose the chain head');
  }

  /** Commits the organisation's pending appends, a group at a time, until none is left. */
  private async drain(org: string): Promise<void> {
    const queued = this.pending.get(org)!;
    while (queued.length > 0) {
      const group = queued.splice(0, MAX_GROUP);
      try {
        await this.commitGroup(org, group);
      } catch (error) {
        for (const each of group) each.failed(error);
      }
    }
    this.pending.delete(org);
  }

  private async commitGroup(org: string, group: Pending[]): Promise<void> {
    const known = this.guessedHead(org);
    this.heads.delete(org);
    let expected = known ?? (await this.takeTurn(org));
    let taking = known !== undefined;
    let rest = group;
    try {
      for (let lost = 0; rest.length > 0;) {
        const linked = rest.map((each) => {
          const entries = linkAfter(parseHead(expected), each.events);
          const args = auditArgs(expected, entries, each.events);
          expected = args[1]!;
          return { each, entries, args, before: args[0]! };
        });
        const [stopped, reply] = await this.runGroup(org, linked, taking);
        if (stopped === TURN_TAKEN) {
          this.shared.set(org, SHARED_GROUPS);
          expected = await this.takeTurn(org);
          taking = false;
          continue;
        }
        const guessed = taking;
        taking = false;
        const written = stopped === 0 ? linked.length : stopped - 1;
        for (const { each, entries } of linked.slice(0, written)) each.done({ entries });
        if (stopped === 0) return void this.heads.set(org, expected);
        const { each, before } = linked[written]!;
        const outcome = each.write.outcome(reply);
        if ('refused' in outcome) {
          each.done(outcome);
          expected = before;
          rest = rest.slice(written + 1);
        } else if ('headMoved' in outcome) {
          // A guessed head another process moved since is no lost race: the turn is ours now.
          if (guessed) {
            this.staleHeads++;
            this.shared.set(org, SHARED_GROUPS);
          } else this.lostHead(org, ++lost);
          expected = outcome.headMoved;
          rest = rest.slice(written);
        } else throw new Error('a chained script stopped its group yet answered written');
      }
      await this.releaseTurn(org);
      this.heads.set(org, expected);
    } catch (error) {
      await this.releaseTurn(org).catch(() => undefined);
      throw error;
    }
  }

  /** The head to link a group after without taking the turn first; undefined when the turn must come first. */
  private guessedHead(org: string): string | undefined {
    const left = this.shared.get(org) ?? 0;
    if (left === 0) return this.heads.get(org);
    if (left === 1) this.shared.delete(org);
    else this.shared.set(org, left - 1);
    return undefined;
  }

  /** Counts a lost race for the head; the `lost`-th in a row for this group gives up at the limit. */
  private lostHead(org: string, lost: number): void {
    this.headLost++;
    if (lost >= MAX_APPEND_ATTEMPTS)
      throw new AuditConflictError(`audit append for ${org} lost the head ${lost} times in a row`);
  }

  private async runGroup(
    org: string,
    linked: { each: Pending; args: string[] }[],
    takingTurn: boolean,
  ): Promise<[number, unknown]> {
    const scripts = [
      ...new Map(linked.map(({ each }) => [each.write.script.name, each.write.script])).values(),
    ];
    const keys = [this.keys.auditTurn(org), this.keys.auditTurnHolder(org)];
    const args: ScriptArg[] = [this.id, this.leaseMs, linked.length, takingTurn ? '1' : '0'];
    for (const { each, args: audit } of linked) {
      const { script, keys: own, args: rest } = each.write;
      keys.push(...own);
      args.push(script.name, own.length, rest.length + audit.length, ...rest, ...audit);
    }
    this.groupCalls++;
    return (await this.group(scripts)(keys.length, ...keys, ...args)) as [number, unknown];
  }

  /** The group script for these chained scripts, made once per combination. */
  private group(scripts: readonly ChainedScript[]): ScriptCall {
    const sorted = [...scripts].sort((a, b) => a.name.localeCompare(b.name));
    const name = `qianfaAuditGroup_${sorted.map((script) => script.name).join('_')}`;
    return this.script(name, () => groupLua(sorted));
  }

  /** A single chained script with its audit arguments (no turn needed: it appends nothing). */
  private run(script: ChainedScript, keys: readonly string[], args: readonly ScriptArg[], audit: string[]) {
    return this.script(script.name, () => script.lua)(keys.length, ...keys, ...args, ...audit);
  }

  /** The call of the script named `name`, made (its source hashed) on first use. */
  private script(name: string, lua: () => string): ScriptCall {
    let call = this.scripts.get(name);
    if (!call) {
      call = withScripts(this.redis, { [name]: lua() })[name]!;
      this.scripts.set(name, call);
    }
    return call;
  }

  /** Waits for the organisation's turn and answers its head. */
  private async takeTurn(org: string): Promise<string> {
    const turn = this.keys.auditTurn(org);
    const holder = this.keys.auditTurnHolder(org);
    const head = this.keys.auditHead(org);
    for (;;) {
      const taken = await this.turns.qianfaAuditTakeTurn(3, turn, holder, head, this.id, this.leaseMs);
      if (typeof taken === 'string') return taken;
      if (await this.waitForTurn(turn)) {
        return (await this.turns.qianfaAuditHoldTurn(2, holder, head, this.id, this.leaseMs)) as string;
      }
    }
  }

  /** BLPOP on a connection of its own (it blocks it): true once the token is ours, false after a lease. */
  private async waitForTurn(turn: string): Promise<boolean> {
    const connection = this.blocking.pop() ?? (await this.blockingConnection());
    try {
      return (await connection.blpop(turn, this.leaseMs / 1000)) !== null;
    } finally {
      this.blocking.push(connection);
    }
  }

  private async blockingConnection(): Promise<RedisClient> {
    const connection = this.redis.duplicate();
    // It lives as long as the client it was made from.
    this.redis.once('end', () => connection.disconnect());
    if (connection.status === 'wait') await connection.connect();
    return connection;
  }

  private async releaseTurn(org: string): Promise<void> {
    await this.turns.qianfaAuditReleaseTurn(
      2,
      this.keys.auditTurn(org),
      this.keys.auditTurnHolder(org),
      this.id,
      this.leaseMs,
    );
  }
}

function linkAfter(head: AuditHead | null, events: readonly AuditEvent[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous: ChainLink | undefined = head ?? undefined;
  for (const event of events) {
    const entry = appendEntry(previous, event);
    entries.push(entry);
    previous = entry;
  }
  return entries;
}

function auditArgs(
  expected: string,
  entries: readonly AuditEntry[],
  events: readonly AuditEvent[],
): string[] {
  const last = entries.at(-1);
  const newHead = last ? canonicalJson({ seq: last.seq, hash: last.hash }) : expected;
  const indexed = events.every((event) => event.draft !== '') ? '1' : '0';
  return [
    expected,
    newHead,
    String(entries[0]?.seq ?? 0),
    indexed,
    String(entries.length),
    ...entries.map((entry) => canonicalJson({ ...entry })),
  ];
}

export function parseHead(json: string | null): AuditHead | null {
  return json === null || json === '' ? null : (JSON.parse(json) as AuditHead);
}

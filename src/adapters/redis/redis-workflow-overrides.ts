import type { RedisClient } from './redis-client.js';
import type { AuditEvent } from '../../domain/audit/audit-event.js';
import type {
  WorkflowOverrideRecord,
  WorkflowOverrideStore,
} from '../../services/ports/workflow-overrides.js';
import { AUDIT_LUA, AuditChainWriter, auditKeys, type ChainedScript } from './audit-chain-writer.js';
import { RedisKeys } from './redis-keys.js';

// KEYS: 1–3 audit, 4 the organisation's workflow hash. ARGV: 1 expected revision, 2 new revision, 3 record
// JSON, then audit args.
const PUT = `${AUDIT_LUA}
if tonumber(redis.call('HGET', KEYS[4], 'revision') or '0') ~= tonumber(ARGV[1]) then return 'conflict' end
local moved = audit_head_moved(4)
if moved then return moved end
redis.call('HSET', KEYS[4], 'revision', ARGV[2], 'record', ARGV[3])
audit_append(4)
return 1`;
const PUT_SCRIPT: ChainedScript = { name: 'qianfaWorkflowPut', lua: PUT };

/** WorkflowOverrideStore on Redis; see the contract in services/ports/workflow-overrides.ts. */
export class RedisWorkflowOverrides implements WorkflowOverrideStore {
  private readonly writer: AuditChainWriter;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys = new RedisKeys(),
    writer?: AuditChainWriter,
  ) {
    this.writer = writer ?? new AuditChainWriter(redis, keys);
  }

  async revision(org: string): Promise<number> {
    return Number((await this.redis.hget(this.keys.orgWorkflow(org), 'revision')) ?? 0);
  }

  async get(org: string): Promise<WorkflowOverrideRecord | null> {
    const json = await this.redis.hget(this.keys.orgWorkflow(org), 'record');
    return json === null ? null : (JSON.parse(json) as WorkflowOverrideRecord);
  }

  async put(
    record: WorkflowOverrideRecord,
    org: string,
    expected: number,
    audit: AuditEvent,
  ): Promise<'stored' | 'conflict'> {
    const written = await this.writer.write(org, [audit], {
      script: PUT_SCRIPT,
      keys: [...auditKeys(this.keys, org, audit.draft), this.keys.orgWorkflow(org)],
      args: [String(expected), String(record.revision), JSON.stringify(record)],
      outcome: (reply) => {
        if (reply === 1) return { written: true };
        return reply === 'conflict' ? { refused: 'conflict' as const } : { headMoved: String(reply) };
      },
    });
    return 'entries' in written ? 'stored' : 'conflict';
  }
}

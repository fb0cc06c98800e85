import { AuditCorruptError } from '../../adapters/redis/redis-audit-log.js';
import { auditBrokenText as brokenText } from '../../messages/admin-texts.js';
import { createAuditLogOn, createPeopleServiceOn } from '../../composition.js';
import { auditJsonLines, verifyAuditChain } from '../../services/audit-service.js';
import type { PeopleService } from '../../services/people-service.js';
import type { AuditLog } from '../../services/ports/audit.js';
import {
  CommandExit,
  configOf,
  EXIT,
  parseCommandArgs,
  processIo,
  requireString,
  runCommand,
  withRedis,
  type CommandIo,
  unknownSubcommand,
  refuseExtraArguments,
} from './command-support.js';

export const AUDIT_USAGE = 'qianfa audit verify --org SLUG | qianfa audit export --org SLUG';

/** `qianfa audit verify|export --org SLUG`: checks an organisation's chain, or prints it as JSON Lines. */
export function auditCommand(args: string[], io: CommandIo = processIo()): Promise<number> {
  return runCommand(io, AUDIT_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub !== 'verify' && sub !== 'export') {
      throw unknownSubcommand(sub);
    }
    const { values, positionals } = parseCommandArgs(rest, { org: { type: 'string' } });
    refuseExtraArguments(positionals);
    const org = requireString(values.org, 'org');
    const config = configOf(io);
    return withRedis(config, async (client) => {
      const audit = createAuditLogOn(client, config);
      if (sub === 'export') return exportChain(audit, createPeopleServiceOn(client, config), org, io);
      return verifyOrg(audit, org, io);
    });
  });
}

/** One JSON line per entry: the hashed entry, plus `names` beside it (not hashed; verify without it). */
async function exportChain(audit: AuditLog, people: PeopleService, org: string, io: CommandIo) {
  try {
    for await (const lines of auditJsonLines(audit, people, org)) io.stdout.write(lines);
  } catch (error) {
    corrupt(error);
  }
  return EXIT.ok;
}

async function verifyOrg(audit: AuditLog, org: string, io: CommandIo): Promise<number> {
  const result = await verifyAuditChain(audit, org).catch(corrupt);
  if (!result.ok) throw new CommandExit(brokenText(org, result), EXIT.refused);
  io.stdout.write(`审计链完整：${result.count} 条\n`);
  return EXIT.ok;
}

function corrupt(error: unknown): never {
  if (!(error instanceof AuditCorruptError)) throw error;
  throw new CommandExit(
    `审计链损坏：列表第 ${error.index + 1} 条不是有效的 JSON，内容已被改动`,
    EXIT.refused,
  );
}

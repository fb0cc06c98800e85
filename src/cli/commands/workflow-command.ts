import { readFile } from 'node:fs/promises';
import { loadWorkflows } from '../../adapters/files/read-workflows.js';
import { keysOn } from '../../adapters/redis/redis-client.js';
import { workflowServiceOn } from '../../composition/standalone.js';
import { CLI_ACTOR } from '../../services/audit-service.js';
import type { AppliedWorkflow } from '../../services/workflow-service.js';
import {
  CommandUsageError,
  configOf,
  EXIT,
  osUser,
  parseCommandArgs,
  processIo,
  readProcessStdin,
  refusalOf,
  requireString,
  runCommand,
  withRedis,
  type CommandIo,
  unknownSubcommand,
} from './command-support.js';

export const WORKFLOW_USAGE =
  'qianfa workflow show --org SLUG | qianfa workflow set --org SLUG FILE|- | qianfa workflow reset --org SLUG';

type Io = CommandIo & { readStdin?: () => Promise<string> };

/**
 * `qianfa workflow show|set|reset --org SLUG`: the organisation's workflow as its admins edit it. `show` prints
 * the YAML that applies; `set` saves a file (or stdin) as the override, validated as `qianfa validate` does, and
 * `reset` drops it; both audited as `cli` with the OS user and answered with one JSON line.
 */
export function workflowCommand(args: string[], io: Io = processIo()): Promise<number> {
  return runCommand(io, WORKFLOW_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub !== 'show' && sub !== 'set' && sub !== 'reset') throw unknownSubcommand(sub);
    const { values, positionals } = parseCommandArgs(rest, { org: { type: 'string' } });
    const org = requireString(values.org, 'org');
    const wanted = sub === 'set' ? 1 : 0;
    if (positionals.length !== wanted)
      throw new CommandUsageError(
        wanted ? 'set 需要一个 YAML 文件（或 - 表示标准输入）' : `多余的参数“${positionals[0]}”`,
      );
    const text = sub === 'set' ? await readText(positionals[0]!, io) : '';
    const by = { id: CLI_ACTOR, details: { os_user: osUser() } };
    const config = configOf(io);
    const result = await withRedis(config, async (client) => {
      const files = await loadWorkflows(config.workflowsDir);
      const workflows = workflowServiceOn(client, keysOn(client, config.redisPrefix), files);
      if (sub === 'show') return workflows.current(org);
      if (sub === 'reset') return workflows.reset(org, by);
      const saved = await workflows.save(org, text, by);
      if (saved.ok) for (const warning of saved.value.warnings) io.stderr.write(`${warning}\n`);
      return saved.ok ? { ok: true as const, value: saved.value.applied } : saved;
    });
    if (!result.ok) throw refusalOf(result.error);
    io.stdout.write(sub === 'show' ? result.value.text : `${JSON.stringify(summaryOf(org, result.value))}\n`);
    return EXIT.ok;
  });
}

function readText(path: string, io: Io): Promise<string> {
  return path === '-' ? (io.readStdin ?? readProcessStdin)() : readFile(path, 'utf8');
}

function summaryOf(org: string, applied: AppliedWorkflow) {
  return { org, revision: applied.revision, overridden: applied.overridden };
}

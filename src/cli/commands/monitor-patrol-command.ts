import { secretKeyOf } from '../../composition.js';
import { createPatrolOn } from '../../composition/monitor.js';
import { PATROL_CLI_TEXT } from '../../messages/patrol-texts.js';
import type { PatrolRun } from '../../services/ports/patrol.js';
import type { PatrolStatus } from '../../services/monitor/patrol-service.js';
import {
  configOf,
  EXIT,
  parseCommandArgs,
  refusalOf,
  requireString,
  withRedis,
  type CommandIo,
} from './command-support.js';

type Io = CommandIo & { stdout: { write(text: string): unknown } };

/**
 * `qianfa monitor patrol --org SLUG [--json]`: one patrol of the organisation now (alerts raised as the scheduled
 * patrol raises them), then its open findings and dead links, one per line, or the run and status as JSON.
 */
export async function monitorPatrol(rest: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(rest, { org: { type: 'string' }, json: { type: 'boolean' } });
  const org = requireString(values.org, 'org');
  const config = configOf(io);
  const key = await secretKeyOf(config);
  const result = await withRedis(config, async (client) => {
    const patrol = createPatrolOn(client, config, key);
    try {
      const run = await patrol.run(org);
      if (!run.ok) return run;
      const status = await patrol.status(org);
      return status.ok ? { ok: true as const, value: { run: run.value, status: status.value } } : status;
    } finally {
      await patrol.close();
    }
  });
  if (!result.ok) throw refusalOf(result.error);
  if (values.json === true) io.stdout.write(`${JSON.stringify(result.value)}\n`);
  else for (const line of patrolLines(result.value.run, result.value.status)) io.stdout.write(`${line}\n`);
  return EXIT.ok;
}

function patrolLines(run: PatrolRun, status: PatrolStatus): string[] {
  return [
    ...status.openFindings.map((open) =>
      PATROL_CLI_TEXT.finding(open.target, open.title, open.url, open.findings.map((f) => f.text).join('、')),
    ),
    ...run.deadLinks.map((dead) => PATROL_CLI_TEXT.deadLink(dead.target, dead.link, dead.status, dead.url)),
    ...run.failures.map((failure) => PATROL_CLI_TEXT.failure(failure.target, failure.reason)),
    PATROL_CLI_TEXT.summary({ ...run, deadLinks: run.deadLinks.length }),
  ];
}

import { writeFile } from 'node:fs/promises';
import { secretKeyOf } from '../../composition.js';
import { createMonitorOn } from '../../composition/monitor.js';
import { parseReportPeriod } from '../../domain/monitor/report-period.js';
import { renderReportFile } from '../../services/monitor/report-service.js';
import {
  CommandUsageError,
  configOf,
  EXIT,
  parseCommandArgs,
  processIo,
  refusalOf,
  requireString,
  runCommand,
  withRedis,
  type BinaryOutputIo,
} from './command-support.js';

export const REPORT_USAGE =
  'qianfa report --org SLUG (--quarter 2026Q4 | --month 2026-11) [--format json|xlsx|pdf] [--out FILE]';

/** `qianfa report`: the inspection report of a month or quarter, to stdout or `--out` (issue 13 point 5). */
export function reportCommand(args: string[], io: BinaryOutputIo = processIo()): Promise<number> {
  return runCommand(io, REPORT_USAGE, async () => {
    const { values } = parseCommandArgs(args, {
      org: { type: 'string' },
      quarter: { type: 'string' },
      month: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    });
    const org = requireString(values.org, 'org');
    const [quarter, month, out] = [values.quarter, values.month, values.out].map((v) =>
      typeof v === 'string' ? v : undefined,
    );
    const period = parseReportPeriod(quarter ?? month ?? '');
    if (period === undefined || (quarter !== undefined) === (month !== undefined))
      throw new CommandUsageError('需要 --quarter 2026Q4 或 --month 2026-11 之一');
    const format = typeof values.format === 'string' ? values.format : 'json';
    if (format !== 'json' && format !== 'xlsx' && format !== 'pdf')
      throw new CommandUsageError(`未知格式“${format}”`);
    const config = configOf(io);
    const key = await secretKeyOf(config);
    const body = await withRedis(config, async (client) => {
      const { reports } = await createMonitorOn(client, config, key);
      const result = await reports.service.report(org, period);
      if (!result.ok) throw refusalOf(result.error);
      if (format === 'json') return Buffer.from(`${JSON.stringify(result.value)}\n`);
      const file = await renderReportFile(reports.files, result.value, format);
      if (!file.ok) throw refusalOf(file.error);
      return file.value.body;
    });
    if (out === undefined) io.stdout.write(body);
    else await writeFile(out, body);
    return EXIT.ok;
  });
}

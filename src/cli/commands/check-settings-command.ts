import { readWordlists } from '../../adapters/files/read-wordlists.js';
import { checkSettingsOn } from '../../composition.js';
import { createChecker } from '../../create-checker.js';
import { isMarkable, validateAllowEntries } from '../../domain/checks/org-allow.js';
import { errorMessageFor } from '../../messages/error-messages.js';
import type { CheckSettingsService } from '../../services/check-settings-service.js';
import {
  refusalOf,
  CommandUsageError,
  configOf,
  EXIT,
  parseCommandArgs,
  processIo,
  requireString,
  runCommand,
  withRedis,
  type CommandIo,
  unknownSubcommand,
} from './command-support.js';
import type { ValidationOutcome } from './validate-command.js';

export const ALLOW_USAGE = 'qianfa allow list --org SLUG | qianfa allow revoke --org SLUG --id ID';
export const SOURCES_USAGE =
  'qianfa sources list --org SLUG | qianfa sources set --org SLUG 名称... | qianfa sources clear --org SLUG';

type Io = CommandIo & { stdout: { write(text: string): unknown } };

/** Splits `SUB --options… [names]`, refusing unknown subcommands and options a subcommand does not take. */
function subcommandOf<S extends string>(
  args: string[],
  allowed: Record<S, { options: readonly string[]; positionals: boolean }>,
) {
  const [sub, ...rest] = args;
  if (sub === undefined || !Object.hasOwn(allowed, sub)) {
    throw unknownSubcommand(sub);
  }
  const spec = allowed[sub as S];
  const { values, positionals } = parseCommandArgs(rest, { org: { type: 'string' }, id: { type: 'string' } });
  const extra = Object.keys(values).find((option) => option !== 'org' && !spec.options.includes(option));
  if (extra !== undefined) throw new CommandUsageError(`${sub} 不接受 --${extra}`);
  if (!spec.positionals && positionals.length > 0)
    throw new CommandUsageError(`多余的参数“${positionals[0]}”`);
  return { sub: sub as S, org: requireString(values.org, 'org'), values, positionals };
}

function withSettings<T>(io: Io, use: (settings: CheckSettingsService) => Promise<T>): Promise<T> {
  const config = configOf(io);
  return withRedis(config, (client) => use(checkSettingsOn(client, config)));
}

const printLines = (io: Io, values: readonly unknown[]) => {
  for (const value of values) io.stdout.write(`${JSON.stringify(value)}\n`);
};

/** `qianfa allow list|revoke`: an organisation's allow entries (reviewers' false-positive marks), one JSON line each. */
export function allowCommand(args: string[], io: Io = processIo()): Promise<number> {
  return runCommand(io, ALLOW_USAGE, async () => {
    const { sub, org, values } = subcommandOf(args, {
      list: { options: [], positionals: false },
      revoke: { options: ['id'], positionals: false },
    });
    const result =
      sub === 'list'
        ? await withSettings(io, (settings) => settings.allowEntries(org))
        : await withSettings(io, (settings) =>
            settings.revokeAllow(org, requireString(values.id, 'id'), 'cli'),
          );
    if (!result.ok) throw refusalOf(result.error);
    printLines(io, Array.isArray(result.value) ? result.value : [result.value]);
    return EXIT.ok;
  });
}

/** `qianfa sources list|set|clear`: the organisation's own authorised repost sources, one name per line. */
export function sourcesCommand(args: string[], io: Io = processIo()): Promise<number> {
  return runCommand(io, SOURCES_USAGE, async () => {
    const { sub, org, positionals } = subcommandOf(args, {
      list: { options: [], positionals: false },
      set: { options: [], positionals: true },
      clear: { options: [], positionals: false },
    });
    if (sub === 'set' && positionals.length === 0)
      throw new CommandUsageError('set 需要至少一个稿源单位名称（清空请用 clear）');
    const result = await withSettings(io, (settings) =>
      sub === 'list'
        ? settings.sources(org)
        : settings.setSources(org, sub === 'set' ? positionals : [], 'cli'),
    );
    if (!result.ok) throw refusalOf(result.error);
    for (const source of result.value) io.stdout.write(`${source}\n`);
    return EXIT.ok;
  });
}

/** `qianfa validate --org SLUG`: the organisation's stored allow entries, checked against the word lists. */
export async function checkOrgAllowEntries(
  org: string,
  wordlistsDir: string,
  io: Io,
): Promise<ValidationOutcome> {
  const location = `org:${org} 误报条目`;
  const read = await readWordlists(wordlistsDir);
  if ('errors' in read)
    return { summary: `${location}: 词表有误，未校验`, errors: [], warnings: [], unreadable: true };
  const checker = await createChecker({ wordlistsDir });
  const entries = await withSettings(io, (settings) => settings.allowEntries(org));
  if (!entries.ok) {
    return {
      summary: `${location}: ${errorMessageFor(entries.error)}`,
      errors: [],
      warnings: [],
      unreadable: true,
    };
  }
  const hasDenyMatch = (text: string) => checker.check({ title: text, body: text }).findings.some(isMarkable);
  const problems = validateAllowEntries(entries.value, read.lists, hasDenyMatch, location);
  const counts = `${entries.value.length} 个条目，${problems.errors.length} 个错误，${problems.warnings.length} 个警告`;
  return { summary: `${location}: ${counts}`, ...problems };
}

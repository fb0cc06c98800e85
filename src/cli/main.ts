#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { DEFAULT_WORDLISTS_DIR } from '../create-checker.js';
import { runCheck } from './commands/check-command.js';
import { runValidate } from './commands/validate-command.js';

/** Usage and I/O errors exit with 2, like `qianfa check` on an unreadable file. */
const USAGE_EXIT = 2;

const HELP = `qianfa（签发）：政务新媒体稿件发布前审核

用法：
  qianfa check [--json] [--wordlists DIR] PATH...   检查稿件（文件、目录或 - 表示标准输入的 Markdown）
  qianfa validate [--wordlists DIR] [--org SLUG]    校验词表（--org：另校验该单位的误报条目，需要 Redis）
  qianfa serve                                      启动审核服务（HTTP、发布进程与内置 Redis，见 docs/service.md）
  qianfa serve --sandbox                            沙盒演示：模拟微信、微博和演示单位（npm run demo，见 README）
  qianfa worker                                     只运行发布进程（可与 serve 并行运行多个）
  qianfa org add SLUG --name 名称                   新建单位
  qianfa user add --org SLUG --name 姓名 --roles reviewer,editor [--outsourced]
                                                    新建人员，输出 { "id", "token" }
  qianfa user token --org SLUG --name 姓名          重新签发令牌（旧令牌、会话和链接作废）
  qianfa user set-password --org SLUG --name 姓名   设置登录密码（从标准输入读取；其会话和链接作废）
  qianfa user disable --org SLUG --name 姓名        停用人员（令牌、会话和链接立即作废）
  qianfa audit verify|export --org SLUG             校验单位审计链（损坏时退出码 1）或导出为 JSON Lines
  qianfa account add --org SLUG --platform wechat --name 名称 --appid ID --secret SECRET
  qianfa account add --org SLUG --platform weibo --name 名称 --token TOKEN --link URL
                                                    添加发布账号（密钥加密保存；用 - 从标准输入读取）
  qianfa account list --org SLUG                    列出发布账号（不含密钥）
  qianfa account set-link --org SLUG --name 名称 --link URL
                                                    设置微博账号的安全域名链接（每条微博附带）
  qianfa gateway grant --org SLUG --account wechat:名称 --person 姓名 [--days 90]
                                                    为拟稿人签发网关凭据（AppID 与密钥仅显示一次）
  qianfa gateway revoke --org SLUG --appid ID       吊销网关凭据（其令牌立即失效）
  qianfa gateway list --org SLUG                    列出网关凭据（不含密钥）
  qianfa allow list --org SLUG                      列出单位的误报条目（审核人标记的误报）
  qianfa allow revoke --org SLUG --id ID            撤销误报条目（此后机审恢复该命中项）
  qianfa sources list|clear --org SLUG              列出或清空单位追加的授权稿源单位
  qianfa sources set --org SLUG 名称...             设置单位追加的授权稿源单位（整体替换）
  qianfa workflow show --org SLUG                   输出单位生效的审签流程（YAML）
  qianfa workflow set --org SLUG FILE|-             保存单位的审签流程（校验同 validate，记入审计链）
  qianfa workflow reset --org SLUG                  恢复默认审签流程（workflows 目录中的文件）
  qianfa backup --out FILE                          备份 Redis（快照文件，见 docs/operations.md）
  qianfa restore --from FILE                        从备份恢复到空的 Redis，之后请运行 audit verify
  qianfa redis move-to-cluster --from REDIS_URL --to HOST:PORT,...
                                                    把单节点 Redis 上的数据迁移到空的 Redis Cluster（先停止服务）
  qianfa monitor cadence --org SLUG [--json]        各账号的更新频次与原创比例（含平台上直接发布的）
  qianfa monitor patrol --org SLUG [--json]         巡检已发布文章（现行词表、外链可用性）并列出问题
  qianfa report --org SLUG --quarter 2026Q4|--month 2026-11 [--format json|xlsx|pdf] [--out F]
                                                    月度/季度考核报表（JSON、XLSX 或 PDF）
  qianfa register list|show|export --org SLUG [--account wechat:名称] [--format json|xlsx] [--out F]
                                                    政务新媒体账号台账（导出为审批表 XLSX）
  qianfa help | --help                              显示本帮助
  qianfa --version                                  显示版本

check 的退出码：0 未拦截，1 有稿件被拦截，2 用法或读取错误。
`;

const USAGE = {
  check: 'qianfa check [--json] [--wordlists DIR] PATH...',
  validate: 'qianfa validate [--wordlists DIR] [--org SLUG]',
  any: 'qianfa <check|validate|help> …',
} as const;

/** A mistake in the command line: reported on one stderr line with the command's usage. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  check: checkCommand,
  validate: validateCommand,
  // Loaded on demand, so `qianfa check` does not pay for Express and ioredis.
  serve: async (args) => (await import('./commands/serve-command.js')).serveCommand(args),
  worker: async (args) => (await import('./commands/worker-command.js')).workerCommand(args),
  org: async (args) => (await import('./commands/org-command.js')).orgCommand(args),
  user: async (args) => (await import('./commands/user-command.js')).userCommand(args),
  audit: async (args) => (await import('./commands/audit-command.js')).auditCommand(args),
  account: async (args) => (await import('./commands/account-command.js')).accountCommand(args),
  gateway: async (args) => (await import('./commands/gateway-command.js')).gatewayCommand(args),
  allow: async (args) => (await import('./commands/check-settings-command.js')).allowCommand(args),
  sources: async (args) => (await import('./commands/check-settings-command.js')).sourcesCommand(args),
  workflow: async (args) => (await import('./commands/workflow-command.js')).workflowCommand(args),
  backup: async (args) => (await import('./commands/backup-command.js')).backupCommand(args),
  restore: async (args) => (await import('./commands/backup-command.js')).restoreCommand(args),
  redis: async (args) => (await import('./commands/redis-command.js')).redisCommand(args),
  monitor: async (args) => (await import('./commands/monitor-command.js')).monitorCommand(args),
  report: async (args) => (await import('./commands/report-command.js')).reportCommand(args),
  register: async (args) => (await import('./commands/register-command.js')).registerCommand(args),
  help: () => {
    process.stdout.write(HELP);
    return Promise.resolve(0);
  },
};

async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, USAGE.check, { json: { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('check 需要至少一个路径（文件、目录或 -）', USAGE.check);
  return runCheck({
    paths: positionals,
    json: values.json === true,
    wordlistsDir: wordlistsDirOf(values),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: process.stderr.isTTY === true,
    color: process.stdout.isTTY === true && pc.isColorSupported,
  });
}

async function validateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, USAGE.validate, { org: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`多余的参数“${positionals[0]}”`, USAGE.validate);
  return runValidate({
    wordlistsDir: wordlistsDirOf(values),
    ...(typeof values.org === 'string' ? { org: values.org } : {}),
    stdout: process.stdout,
    stderr: process.stderr,
  });
}

type Values = Record<string, string | boolean | undefined>;

/** parseArgs with `--wordlists`, turning its errors into usage errors in Chinese. */
function parse(
  args: string[],
  usage: string,
  extra: Record<string, { type: 'boolean' | 'string' }>,
): { values: Values; positionals: string[] } {
  try {
    const options = { ...extra, wordlists: { type: 'string' as const } };
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const option = /'([^']+)'/.exec((error as Error).message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`未知选项“${option}”`, usage);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(`选项“${option}”的值无效`, usage);
    throw error;
  }
}

function wordlistsDirOf(values: Values): string {
  return typeof values.wordlists === 'string' ? values.wordlists : DEFAULT_WORDLISTS_DIR;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') return COMMANDS.help!([]);
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (name === undefined) throw new UsageError('缺少命令', USAGE.any);
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    throw new UsageError(name.startsWith('-') ? `未知选项“${name}”` : `未知命令“${name}”`, USAGE.any);
  }
  return command(rest);
}

const INTERNAL_EXIT = 70;

// A reader that stops early (`qianfa check … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`qianfa: ${error.message}。用法：${error.usage}\n`);
    process.exitCode = USAGE_EXIT;
  } else {
    process.stderr.write(
      `qianfa: 内部错误，请报告：${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = INTERNAL_EXIT;
  }
}

// Everything was closed by now; a queue connection still retrying a Redis that is gone (or hung) must not keep
// the process alive after `serve` or `worker` has stopped. Unref'd: a process with nothing left exits at once.
setTimeout(() => process.exit(), 2_000).unref();

import { describe, expect, it } from 'vitest';
import { backupCommand, restoreCommand } from '../../src/cli/commands/backup-command.js';
import { EXIT } from '../../src/cli/commands/command-support.js';

/** A command's exit code and what it wrote, with the environment given (nothing is reached: no node listens). */
async function run(command: typeof backupCommand, args: string[], env: NodeJS.ProcessEnv) {
  let stderr = '';
  const code = await command(args, {
    stdout: { write: () => undefined },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stderr };
}

describe('backup and restore with QIANFA_REDIS_CLUSTER', () => {
  it('are refused with a message naming the way to back up a Cluster, before reaching Redis', async () => {
    const env = { QIANFA_REDIS_CLUSTER: '127.0.0.1:1' };
    for (const [command, args] of [
      [backupCommand, ['--out', '/nonexistent/qianfa.rdb']],
      [restoreCommand, ['--from', import.meta.filename]],
    ] as const) {
      const { code, stderr } = await run(command, [...args], env);
      expect(code).toBe(EXIT.config);
      expect(stderr).toContain('qianfa backup/restore 不适用：请分别备份每个主节点');
    }
  });
});

import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { userCommand } from '../../../src/cli/commands/user-command.js';
import { startReviewApp, type Auth, type ReviewApp } from '../../helpers/review-app.js';

/** `qianfa user set-password` (from stdin, never argv) and `qianfa user disable`, run in-process on the app's Redis. */
describe('qianfa user set-password / disable', () => {
  let t: ReviewApp;
  let reviewer: Auth;
  const password = randomBytes(12).toString('base64url');

  beforeAll(async () => {
    t = await startReviewApp();
    reviewer = await t.person('李四', ['reviewer']);
  });
  afterAll(() => t.close());

  async function cli(args: string[], stdin = '') {
    const out: string[] = [];
    const err: string[] = [];
    const env = {
      REDIS_URL: inject('redisUrl'),
      QIANFA_REDIS_PREFIX: t.keys.prefix,
      QIANFA_SECRET_KEY: t.secretKey.toString('hex'),
    };
    const io = {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      env,
      readStdin: () => Promise.resolve(stdin),
    };
    const code = await userCommand(args, io);
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  async function passwordWorks(password: string): Promise<boolean> {
    return (await t.login.login({ org: 'cc', name: '李四', password })).kind === 'ok';
  }

  it('sets a password read from stdin, refuses one on the command line or too short, and audits as cli', async () => {
    const set = await cli(['set-password', '--org', 'cc', '--name', '李四'], `${password}\n`);
    expect([set.code, JSON.parse(set.stdout)]).toEqual([0, { id: reviewer.id, password_set: true }]);
    expect(await passwordWorks(password)).toBe(true);
    const argv = await cli(['set-password', '--org', 'cc', '--name', '李四', '--password', password]);
    expect(argv.code).toBe(2);
    const short = await cli(['set-password', '--org', 'cc', '--name', '李四'], '短\n');
    expect([short.code, short.stderr.includes('至少 10 个字符')]).toEqual([2, true]);
    const entry = (await t.audit.snapshot('cc')).entries.find((e) => e.action === 'password_set');
    expect(entry?.actor).toBe('cli');
    expect(JSON.stringify(entry)).not.toContain(password);
  });

  it('disables a person: their token and password stop working at once', async () => {
    const before = await request(t.app).get('/api/drafts').set('Authorization', reviewer.header);
    expect(before.status).toBe(200);
    const disabled = await cli(['disable', '--org', 'cc', '--name', '李四']);
    expect([disabled.code, JSON.parse(disabled.stdout)]).toEqual([0, { id: reviewer.id, disabled: true }]);
    expect((await request(t.app).get('/api/drafts').set('Authorization', reviewer.header)).status).toBe(401);
    expect(await passwordWorks(password)).toBe(false);
    const reissue = await cli(['token', '--org', 'cc', '--name', '李四']);
    expect([reissue.code, reissue.stderr.includes('已停用')]).toEqual([1, true]);
  });
});

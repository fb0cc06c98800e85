import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../src/config/config-schema.js';

/** The deploy files can drift from the code they deploy: a renamed variable or route must fail here. */
const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

const CONFIG_KEYS = new Set(Object.keys(configSchema.shape));
/** The one variable the deploy files use that qianfa does not read: Redis's own password, in REDIS_URL. */
const DEPLOY_ONLY = new Set(['REDIS_PASSWORD']);
/** qianfa's shutdown: HTTP drains up to 10 s, then the queues close within 3 s (docs/service.md). */
const DRAIN_SECONDS = 10 + 3;

/** Dockerfile instructions of the last stage, continuation lines joined: `[instruction, arguments]`. */
function runtimeStage(text: string): [string, string][] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const from = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  return lines.slice(from).map((line) => {
    const [instruction = '', ...rest] = line.split(/\s+/);
    return [instruction.toUpperCase(), rest.join(' ')];
  });
}

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}
interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(read('deploy/compose.yaml'), { merge: true }) as Compose;
const healthRoutes = read('src/http/routes/health-routes.ts');

/** Names of the variables an env file sets (`KEY=…`, commented-out examples included). */
const envFileKeys = (text: string): string[] =>
  [...text.matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);

describe('Dockerfile', () => {
  const stage = runtimeStage(read('Dockerfile'));
  const args = (name: string) =>
    stage.filter(([instruction]) => instruction === name).map(([, rest]) => rest);

  it('runs as a named user that is not root', () => {
    const user = args('USER').at(-1);
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('checks health against a route the service has', () => {
    const [check] = args('HEALTHCHECK');
    const path = /\/(healthz|readyz)\b/.exec(check ?? '')?.[0];
    expect(path).toBeDefined();
    expect(healthRoutes).toContain(`router.get('${path}'`);
  });

  it('exposes the port it listens on, stops with SIGTERM and starts in exec form under an init', () => {
    const env = args('ENV').join(' ');
    expect(args('EXPOSE')).toEqual([/PORT=(\d+)/.exec(env)?.[1]]);
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    expect(args('STOPSIGNAL')).toEqual(['SIGTERM']);
    const entrypoint = JSON.parse(args('ENTRYPOINT')[0] ?? 'null') as string[];
    expect(entrypoint.slice(0, 2)).toEqual(['/usr/bin/tini', '--']);
  });

  it('sets only variables qianfa reads', () => {
    const names = args('ENV').flatMap((rest) => [...rest.matchAll(/([A-Z_]+)=/g)].map((m) => m[1]!));
    expect(names.filter((name) => name !== 'NODE_ENV' && !CONFIG_KEYS.has(name))).toEqual([]);
  });
});

describe('deploy/compose.yaml', () => {
  const { qianfa, worker, redis } = compose.services;

  it('keeps Redis on a named volume with every write fsynced to its AOF', () => {
    const command = redis?.command?.join(' ') ?? '';
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--appendfsync always/);
    const [volume, target] = (redis?.volumes?.[0] ?? '').split(':');
    expect(target).toBe('/data');
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it('starts qianfa and its worker once Redis is healthy', () => {
    expect(redis?.healthcheck?.test?.join(' ')).toMatch(/redis-cli ping/);
    for (const service of [qianfa, worker]) {
      expect(service?.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    }
    expect(qianfa?.healthcheck?.test?.join(' ')).toMatch(/\/healthz/);
    expect(qianfa?.command).toEqual(['serve']);
    expect(worker?.command).toEqual(['worker']);
    expect(qianfa?.environment?.QIANFA_WORKER).toBe('off');
  });

  it('passes only variables qianfa reads, and interpolates only those or Redis password', () => {
    const set = [qianfa, worker].flatMap((service) => Object.keys(service?.environment ?? {}));
    expect(set.filter((name) => !CONFIG_KEYS.has(name))).toEqual([]);
    const interpolated = [...read('deploy/compose.yaml').matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!);
    expect(interpolated.filter((name) => !CONFIG_KEYS.has(name) && !DEPLOY_ONLY.has(name))).toEqual([]);
    expect(
      envFileKeys(read('deploy/env.example')).filter(
        (name) => !CONFIG_KEYS.has(name) && !DEPLOY_ONLY.has(name),
      ),
    ).toEqual([]);
  });
});

describe('systemd units', () => {
  const directives = (text: string): Map<string, string> =>
    new Map([...text.matchAll(/^([A-Za-z]+)=(.*)$/gm)].map((match) => [match[1]!, match[2]!]));

  it.each(['qianfa.service', 'qianfa-worker.service'])('%s is hardened and outlasts the drain', (unit) => {
    const service = directives(read(`deploy/systemd/${unit}`));
    expect(service.get('User')).toMatch(/^(?!root$)\w+$/);
    expect(service.get('NoNewPrivileges')).toBe('yes');
    expect(service.get('ProtectSystem')).toBe('strict');
    expect(service.get('ReadWritePaths')).toBe('/var/lib/qianfa');
    expect(service.get('Restart')).toBe('on-failure');
    expect(service.get('KillMode')).toBe('mixed');
    expect(Number(/^(\d+)s$/.exec(service.get('TimeoutStopSec') ?? '')?.[1])).toBeGreaterThan(DRAIN_SECONDS);
  });

  it('reads only variables qianfa reads from its environment file', () => {
    expect(
      envFileKeys(read('deploy/systemd/qianfa.env.example')).filter((name) => !CONFIG_KEYS.has(name)),
    ).toEqual([]);
  });

  it('asks an external Redis for the same durability as the embedded one', () => {
    const conf = read('deploy/redis/qianfa.conf');
    expect(conf).toMatch(/^appendonly yes$/m);
    expect(conf).toMatch(/^appendfsync always$/m);
  });
});

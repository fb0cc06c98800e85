/**
 * Spawned by tests/integration/create-gate.test.ts: a host process that embeds a gate (workers on), asks it
 * once, closes it and its own server, and must then exit by itself. A handle the gate left open would keep
 * it alive; after 10 s an unref'd timer names the handles still open and exits with 9.
 *
 * Arguments: <publicUrl> <redisPrefix> <dataDir> [redisUrl] (no redisUrl: the embedded redis-server).
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { leaseFile } from '../../src/adapters/redis/shared-embedded-redis.js';
import { createGate } from '../../src/index.js';

const [publicUrl = '', redisPrefix, dataDir = '', redisUrl] = process.argv.slice(2);
const app = express();
const gate = await createGate({ publicUrl, redisPrefix, dataDir, redisUrl, worker: true });
app.use('/qianfa', gate);
const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const ready = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/qianfa/readyz`);
const redisPid =
  redisUrl === undefined
    ? (JSON.parse(readFileSync(leaseFile(dataDir), 'utf8')) as { pid: number }).pid
    : null;
await gate.close();
server.closeAllConnections();
await new Promise((resolve) => server.close(resolve));
process.stdout.write(`${JSON.stringify({ ready: ready.status, redisPid })}\n`);
setTimeout(() => {
  process.stderr.write(`still open: ${process.getActiveResourcesInfo().join(', ')}\n`);
  process.exit(9);
}, 10_000).unref();

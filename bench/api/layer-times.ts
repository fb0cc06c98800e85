/**
 * Preloaded into the service (NODE_OPTIONS="--import tsx --import /abs/path/bench/api/layer-times.ts", e.g.
 * through startQianfa's env): per request, how often each Express layer, Router.handle and the router's next() run and
 * their synchronous time without the layers they call on, and res.json/res.send's. Written each second to
 * $LAYER_TIMES_DIR (default /tmp/layer-times)/PID.json as [what, µs per request, calls per request], largest
 * first. Times are wall-clock (performance.now): on a busy machine they swell with preemption, so read the calls
 * per request as exact and the times as a guide. Work after a layer's await (a Redis answer, the body's 'end')
 * counts only from the next `next()` it calls.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

// The very module instances Express uses (CommonJS), patched in place.
const require = createRequire(import.meta.url);
type Next = (err?: unknown) => void;
interface Layer {
  name: string;
  rawPath?: unknown;
  route?: { path: string };
  handle: { toString(): string };
  handleRequest: (this: Layer, req: unknown, res: unknown, next: Next) => unknown;
}
type Handle = (this: unknown, req: { baseUrl?: string }, res: unknown, callback: Next) => unknown;
const Layer = require('router/lib/layer.js') as { prototype: Layer };
const Router = require('router') as { prototype: { handle: Handle } };
const express = require('express') as { response: Record<string, (...args: unknown[]) => unknown> };

const totals = new Map<string, number>();
const calls = new Map<string, number>();
const stack: { start: number; nested: number }[] = [];
let requests = 0;

function timed<T>(key: string, run: () => T): T {
  const frame = { start: performance.now(), nested: 0 };
  stack.push(frame);
  try {
    return run();
  } finally {
    stack.pop();
    const elapsed = performance.now() - frame.start;
    totals.set(key, (totals.get(key) ?? 0) + elapsed - frame.nested);
    calls.set(key, (calls.get(key) ?? 0) + 1);
    const caller = stack.at(-1);
    if (caller) caller.nested += elapsed;
  }
}

const keys = new WeakMap<Layer, string>();
/** The layer's name and path, and for an anonymous one the start of its source (which closure it is). */
function keyOf(layer: Layer): string {
  let key = keys.get(layer);
  if (key === undefined) {
    const where = layer.route ? `route ${layer.route.path}` : JSON.stringify(layer.rawPath ?? '');
    const source =
      layer.name === '<anonymous>' ? ` ${layer.handle.toString().replace(/\s+/g, ' ').slice(0, 70)}` : '';
    key = `${layer.name} ${where}${source}`;
    keys.set(layer, key);
  }
  return key;
}

const handleRequest = Layer.prototype.handleRequest;
Layer.prototype.handleRequest = function (req, res, next) {
  const key = keyOf(this);
  const timedNext: Next = (err) => timed('router: next()', () => next(err));
  return timed(key, () => handleRequest.call(this, req, res, timedNext));
};

const handle = Router.prototype.handle;
Router.prototype.handle = function (req, res, callback) {
  if (stack.length === 0 && !req.baseUrl) requests++;
  return timed('router: handle()', () => handle.call(this, req, res, callback));
};

for (const method of ['json', 'send']) {
  const original = express.response[method];
  express.response[method] = function (this: unknown, ...args: unknown[]) {
    return timed(`res.${method}`, () => original!.apply(this, args));
  };
}

const dir = process.env.LAYER_TIMES_DIR ?? '/tmp/layer-times';
mkdirSync(dir, { recursive: true });
setInterval(() => {
  const perRequest = [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([key, ms]) => {
      const per = (n: number) => Number((n / Math.max(requests, 1)).toFixed(2));
      return [key, per(ms * 1000), per(calls.get(key) ?? 0)] as const;
    });
  const sum = Math.round(perRequest.reduce((all, [, us]) => all + us, 0));
  writeFileSync(
    join(dir, `${process.pid}.json`),
    JSON.stringify({ requests, usPerRequest: sum, perRequest }, null, 1),
  );
}, 1000).unref();

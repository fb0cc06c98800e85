/**
 * Preloaded into the service (NODE_OPTIONS="--require /abs/path/bench/api/layer-times.cjs", e.g. through
 * startQianfa's env): per request, how often each Express layer, Router.handle and the router's next() run and
 * their synchronous time without the layers they call on, and res.json/res.send's. Written each second to
 * $LAYER_TIMES_DIR (default /tmp/layer-times)/PID.json as [what, µs per request, calls per request], largest
 * first. Times are wall-clock (performance.now): on a busy machine they swell with preemption, so read the calls
 * per request as exact and the times as a guide. Work after a layer's await (a Redis answer, the body's 'end')
 * counts only from the next `next()` it calls.
 */
const { performance } = require('node:perf_hooks');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const Layer = require('router/lib/layer.js');
const Router = require('router');
const express = require('express');

const totals = new Map();
const calls = new Map();
const stack = [];
let requests = 0;

function timed(key, run) {
  const frame = { start: performance.now(), nested: 0 };
  stack.push(frame);
  try {
    return run();
  } finally {
    stack.pop();
    const elapsed = performance.now() - frame.start;
    totals.set(key, (totals.get(key) ?? 0) + elapsed - frame.nested);
    calls.set(key, (calls.get(key) ?? 0) + 1);
    if (stack.length > 0) stack[stack.length - 1].nested += elapsed;
  }
}

const keys = new WeakMap();
/** The layer's name and path, and for an anonymous one the start of its source (which closure it is). */
function keyOf(layer) {
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
  const timedNext = (err) => timed('router: next()', () => next(err));
  return timed(key, () => handleRequest.call(this, req, res, timedNext));
};

const handle = Router.prototype.handle;
Router.prototype.handle = function (req, res, callback) {
  if (stack.length === 0 && !req.baseUrl) requests++;
  return timed('router: handle()', () => handle.call(this, req, res, callback));
};

for (const method of ['json', 'send']) {
  const original = express.response[method];
  express.response[method] = function (...args) {
    return timed(`res.${method}`, () => original.apply(this, args));
  };
}

const dir = process.env.LAYER_TIMES_DIR ?? '/tmp/layer-times';
mkdirSync(dir, { recursive: true });
setInterval(() => {
  const perRequest = [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([key, ms]) => {
      const per = (n) => Number((n / Math.max(requests, 1)).toFixed(2));
      return [key, per(ms * 1000), per(calls.get(key))];
    });
  const sum = perRequest.reduce((all, [, us]) => all + us, 0);
  writeFileSync(
    join(dir, `${process.pid}.json`),
    JSON.stringify({ requests, usPerRequest: sum, perRequest }, null, 1),
  );
}, 1000).unref();

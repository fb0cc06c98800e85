import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { appServer } from '../../src/http/app-server.js';

/** An app that answers a JSON POST with what it got. */
function echoApp() {
  const app = express();
  app.use(express.json());
  app.post(
    '/echo',
    (req, res) =>
      void res
        .status(201)
        .set('x-echo', 'yes')
        .json({ got: req.body as unknown }),
  );
  return app;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function listening(server: Server) {
  await once(server.listen(0, '127.0.0.1'), 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('appServer', () => {
  it("makes requests and responses with the app's own prototypes, so Express has nothing to change", async () => {
    const app = echoApp();
    const server = appServer(app);
    const made: boolean[] = [];
    // Runs before the app: what the server made, before Express touched it.
    server.prependListener('request', (req, res) => {
      made.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response);
    });
    const base = await listening(server);
    try {
      await (
        await fetch(`${base}/echo`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        })
      ).text();
      expect(made).toEqual([true]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('answers as app.listen() does: body, status, headers, a 404', async () => {
    const answers = async (server: Server) => {
      const base = await listening(server);
      try {
        const posted = await fetch(`${base}/echo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ 标题: '关于开展安全生产检查的通知' }),
        });
        const missing = await fetch(`${base}/nowhere`);
        return {
          posted: { status: posted.status, echo: posted.headers.get('x-echo'), body: await posted.json() },
          missing: { status: missing.status, type: missing.headers.get('content-type') },
        };
      } finally {
        server.closeAllConnections();
        server.close();
      }
    };
    const ours = await answers(appServer(echoApp()));
    // What app.listen() serves with.
    const express = await answers(createServer(echoApp()));
    expect(ours).toEqual(express);
    expect(ours.posted).toEqual({
      status: 201,
      echo: 'yes',
      body: { got: { 标题: '关于开展安全生产检查的通知' } },
    });
  });

  it('gives every request the same hidden class (V8 map) after Express has handled it', async () => {
    const child = spawn(
      process.execPath,
      ['--allow-natives-syntax', '--import', 'tsx', 'tests/helpers/app-server-host.ts'],
      { cwd: ROOT },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ sameHiddenClass: true });
  });
});

/**
 * Spawned by tests/integration/app-server.test.ts under `node --allow-natives-syntax`: serves three JSON POSTs
 * through appServer and prints whether the second and third requests had the same hidden class (V8's map) once
 * Express had given them its prototype, as {"sameHiddenClass": true|false}.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { appServer } from '../../src/http/app-server.js';

const app = express();
const requests: object[] = [];
app.use((req, _res, next) => {
  requests.push(req);
  next();
});
app.use(express.json());
app.post('/', (_req, res) => void res.status(201).json({ ok: true }));
const server = appServer(app).listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;
for (let i = 0; i < 3; i++) {
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ i }),
  });
  await response.text();
}
// V8's %HaveSameMap, reachable only with --allow-natives-syntax and only through code compiled at run time.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
process.stdout.write(`${JSON.stringify({ sameHiddenClass: haveSameMap(requests[1]!, requests[2]!) })}\n`);
server.closeAllConnections();
server.close();

/**
 * The peer for the API benchmark: a bare Express 5 app with a GET route and a POST route that parses the same
 * JSON body a submission sends, on a free loopback port.
 * Prints `listening URL`; exits on SIGTERM/SIGINT or when its parent closes stdin.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';

const app = express();
app.get('/', (_req, res) => {
  res.json({ ok: true });
});

app.post('/drafts', express.json({ limit: '1mb' }), (req, res) => {
  res.status(201).json({ id: 'bare', title: (req.body as { title?: string }).title ?? '' });
});

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
});

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.once('end', stop);
process.stdin.resume();

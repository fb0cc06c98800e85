import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback webhook receiver that keeps each body with its signature header and the status it answered: 204,
 * or the next of `failWith` (statuses to answer first, in order, e.g. [503] for one transient failure).
 */
export async function startReceiver(): Promise<{
  server: Server;
  url: string;
  received: { body: string; signature: string; status: number }[];
  failWith: number[];
}> {
  const received: { body: string; signature: string; status: number }[] = [];
  const failWith: number[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const status = failWith.shift() ?? 204;
      received.push({ body, signature: String(req.headers['x-qianfa-signature'] ?? ''), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hook`, received, failWith };
}

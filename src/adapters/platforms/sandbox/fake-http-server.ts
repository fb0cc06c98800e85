import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ScheduledRules, type Fault } from './fault-injection.js';

export interface FakeRequest {
  readonly method: string;
  /** The path without the query, e.g. `/cgi-bin/draft/add`: also the key for counters and faults. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface FakeReply {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  /** A redirect's target (WeCom's sign-in pages send the browser back with a code). */
  readonly location?: string;
}

/** Thrown by a handler to answer with the platform's error envelope. */
export class PlatformRefusal extends Error {
  override readonly name = 'PlatformRefusal';
  constructor(
    readonly code: number,
    readonly platformMessage?: string,
  ) {
    super(`refused with ${code}${platformMessage ? `: ${platformMessage}` : ''}`);
  }
}

export interface FakeHttpServerOptions {
  readonly handle: (request: FakeRequest) => Promise<FakeReply> | FakeReply;
  /** The platform's envelope for a refusal (thrown by a handler or injected as an `error_code` fault). */
  readonly refusalReply: (refusal: PlatformRefusal, request: FakeRequest) => FakeReply;
  readonly random: () => number;
}

/** Parses a multipart or form-encoded body with the same parser fetch uses (undici). */
export async function readForm(request: FakeRequest): Promise<FormData> {
  const contentType = request.headers['content-type'] ?? '';
  return new Response(request.body, { headers: { 'content-type': contentType } }).formData();
}

/**
 * A real HTTP server on 127.0.0.1 and a free port, with call counters and fault injection per path.
 * The platform fakes compose it and supply the routing and the error envelope.
 */
export class FakeHttpServer<Endpoint extends string> {
  readonly faults: ScheduledRules<Endpoint, Fault>;
  readonly #options: FakeHttpServerOptions;
  readonly #calls = new Map<string, number>();
  readonly #closing = new AbortController();
  readonly #server: Server;
  #baseUrl: string | undefined;

  constructor(options: FakeHttpServerOptions) {
    this.#options = options;
    this.faults = new ScheduledRules(options.random);
    this.#server = createServer((request, response) => void this.#serve(request, response));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', resolve);
    });
    this.#baseUrl = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  get baseUrl(): string {
    if (this.#baseUrl === undefined) throw new Error('fake server not started');
    return this.#baseUrl;
  }

  /** Stops listening, cuts open connections and cancels pending latency, so no test leaks a handle. */
  async close(): Promise<void> {
    this.#closing.abort();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Requests received on the path, faulted ones included. */
  callCount(path: Endpoint): number {
    return this.#calls.get(path) ?? 0;
  }

  /** Requests to any path, known endpoints or not. */
  totalCalls(): number {
    return [...this.#calls.values()].reduce((sum, count) => sum + count, 0);
  }

  async #serve(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const request = await readRequest(incoming);
      this.#calls.set(request.path, (this.#calls.get(request.path) ?? 0) + 1);
      const fault = this.faults.take(request.path);
      if (fault && !fault.afterHandling && !(await this.#apply(fault, request, response))) return;
      const reply = await this.#handle(request);
      if (fault?.afterHandling && !(await this.#apply(fault, request, response))) return;
      send(response, reply);
    } catch {
      response.destroy(); // closing while a latency fault waits
    }
  }

  /** Applies a fault; whether the request goes on to be answered (only after latency). */
  async #apply(fault: Fault, request: FakeRequest, response: ServerResponse): Promise<boolean> {
    if (fault.type === 'latency') {
      await sleep(fault.ms, undefined, { signal: this.#closing.signal });
      return true;
    }
    if (fault.type === 'hang') {
      await untilGone(response, this.#closing.signal);
      response.destroy();
      return false;
    }
    this.#spoil(fault, request, response);
    return false;
  }

  async #handle(request: FakeRequest): Promise<FakeReply> {
    try {
      return await this.#options.handle(request);
    } catch (error) {
      if (error instanceof PlatformRefusal) return this.#options.refusalReply(error, request);
      console.error('fake server handler failed', error);
      return { status: 500, body: `fake server bug: ${String(error)}`, contentType: 'text/plain' };
    }
  }

  #spoil(
    fault: Exclude<Fault, { type: 'latency' | 'hang' }>,
    request: FakeRequest,
    response: ServerResponse,
  ): void {
    if (fault.type === 'drop_connection') {
      response.socket?.destroy();
    } else if (fault.type === 'http_status') {
      const body = `<html><body><h1>${fault.status}</h1></body></html>`;
      send(response, { status: fault.status, body, contentType: 'text/html' });
    } else {
      send(response, this.#options.refusalReply(new PlatformRefusal(fault.code), request));
    }
  }
}

async function readRequest(incoming: IncomingMessage): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const url = new URL(incoming.url ?? '/', 'http://fake.invalid');
  return {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: incoming.headers,
    body: Buffer.concat(chunks),
  };
}

/** Resolves once the client has closed the connection, or the fake is closing. */
function untilGone(response: ServerResponse, closing: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (response.destroyed || closing.aborted) return resolve();
    response.once('close', () => resolve());
    closing.addEventListener('abort', () => resolve(), { once: true });
  });
}

function send(response: ServerResponse, reply: FakeReply): void {
  const location = reply.location === undefined ? {} : { location: reply.location };
  response.writeHead(reply.status, { 'content-type': reply.contentType, ...location });
  response.end(reply.body);
}

/** The autocannon runs: draft submissions, approvals (one distinct draft each), and a plain GET. */
import autocannon from 'autocannon';

/** An integer setting from the environment, within bounds; `fallback` when unset or empty. */
export function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${raw}`);
  }
  return value;
}

export interface Settings {
  connections: number;
  /** Seconds per measured run. */
  durationS: number;
}

/** Either a fixed time or a fixed number of requests (autocannon ignores the duration when given an amount). */
export type Length = { durationS: number } | { amount: number };

export interface Figures {
  label: string;
  requests: number;
  durationS: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
}

async function run(
  url: string,
  connections: number,
  length: Length,
  requests: autocannon.Request[],
  maxOverallRequests?: number,
) {
  const most = 'amount' in length ? length.amount : maxOverallRequests;
  return autocannon({
    url,
    // autocannon refuses more connections than requests.
    connections: most === undefined ? connections : Math.min(connections, most),
    requests,
    timeout: 30,
    ...('amount' in length ? { amount: length.amount } : { duration: length.durationS }),
    ...(maxOverallRequests !== undefined && !('amount' in length) ? { maxOverallRequests } : {}),
  });
}

function figuresOf(label: string, result: autocannon.Result): Figures {
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = count ?? 0;
  return {
    label,
    requests: result.requests.total,
    durationS: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
  };
}

const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

/** A draft the service answered 201 for: its id and status (`in_review` unless the checker blocked it). */
export interface Submitted {
  id: string;
  status: string;
}

/**
 * `POST /api/drafts` with the given request bodies in turn, each sent by the next drafter (one per
 * organisation when there are several). Every 201 is passed to `onCreated`.
 */
export async function submissions(
  label: string,
  base: string,
  drafters: readonly string[],
  bodies: readonly string[],
  settings: Settings,
  length: Length,
  onCreated: (draft: Submitted) => void,
): Promise<Figures> {
  let next = 0;
  const request: autocannon.Request = {
    method: 'POST',
    path: '/api/drafts',
    setupRequest: (req) => {
      const i = next++;
      return { ...req, headers: json(drafters[i % drafters.length]!), body: bodies[i % bodies.length]! };
    },
    onResponse: (status, body) => {
      if (status !== 201) return;
      // The presenter puts id and status first.
      const head = body.slice(0, 1000);
      const id = /"id":"([\w-]+)"/.exec(head)?.[1];
      const state = /"status":"(\w+)"/.exec(head)?.[1];
      if (id !== undefined) onCreated({ id, status: state ?? '?' });
    },
  };
  return figuresOf(label, await run(base, settings.connections, length, [request]));
}

/**
 * `POST /api/drafts/:id/approve { version: 1 }`: request i approves `ids[i]` as reviewer i mod n, so every
 * approval is of a different draft. At most `ids.length` requests: a timed run that uses them all ends early.
 * A reconnect that would need one more gets a draft id that does not exist (a 404, counted in non-2xx)
 * rather than approving a draft twice.
 */
export async function approvals(
  label: string,
  base: string,
  reviewers: readonly string[],
  ids: readonly string[],
  settings: Settings,
  length: Length,
): Promise<Figures> {
  let next = 0;
  const request: autocannon.Request = {
    method: 'POST',
    setupRequest: (req) => {
      const i = next++;
      const id = i < ids.length ? ids[i]! : 'no-draft-left';
      return {
        ...req,
        path: `/api/drafts/${id}/approve`,
        headers: json(reviewers[i % reviewers.length]!),
        body: '{"version":1}',
      };
    },
  };
  return figuresOf(label, await run(base, settings.connections, length, [request], ids.length));
}

/** `POST /drafts` of the same bodies on the bare Express peer (it parses the JSON and answers 201). */
export async function barePost(
  label: string,
  base: string,
  bodies: readonly string[],
  settings: Settings,
  length: Length,
) {
  let next = 0;
  const request: autocannon.Request = {
    method: 'POST',
    path: '/drafts',
    setupRequest: (req) => ({
      ...req,
      headers: { 'content-type': 'application/json' },
      body: bodies[next++ % bodies.length]!,
    }),
  };
  return figuresOf(label, await run(base, settings.connections, length, [request]));
}

/** `GET /` on the bare Express peer. */
export async function hello(label: string, base: string, settings: Settings, length: Length) {
  return figuresOf(label, await run(base, settings.connections, length, [{ method: 'GET', path: '/' }]));
}

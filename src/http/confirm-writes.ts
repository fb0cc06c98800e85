import type { RequestHandler, Response } from 'express';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * With Redis Sentinel or a Cluster with replicas: a change is answered as done (2xx, or a page's redirect) only
 * once a replica holds every write of this process's connection so far (`confirm`: WAIT 1; on a Cluster, on each
 * master's connection), the commit and its follow-ups alike, so an acknowledged decision survives a failover.
 * When no replica acknowledges in time, the error handler answers 503 replication_unconfirmed instead: the change
 * is on the primary and may or may not survive, never a false success. Reads and refusals are answered at once.
 */
export function confirmWritesBeforeAnswering(confirm: () => Promise<void>): RequestHandler {
  return (req, res, next) => {
    if (READS.has(req.method)) return next();
    let confirming = false;
    const held = <A extends unknown[]>(answer: (this: Response, ...args: A) => unknown) =>
      function (this: Response, ...args: A) {
        if (confirming || res.statusCode >= 400) return answer.apply(res, args);
        confirming = true;
        confirm().then(() => answer.apply(res, args), next);
        return res;
      };
    res.send = held(res.send.bind(res)) as Response['send'];
    res.redirect = held(res.redirect.bind(res)) as Response['redirect'];
    next();
  };
}

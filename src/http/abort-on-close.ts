import type { Response } from 'express';

/**
 * A signal aborted when the connection closes before the answer was sent (the client gave up or went away),
 * so work done only for that answer, such as a long check, stops.
 */
export function abortedOnClose(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

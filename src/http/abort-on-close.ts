import type { Socket } from 'node:net';
import type { Response } from 'express';

/** A connection's signal, and how many of its responses have not been sent yet. */
interface Connection {
  signal: AbortSignal;
  unanswered: number;
}

const connections = new WeakMap<Socket, Connection>();

/**
 * A signal aborted when the connection closes before the answer was sent (the client gave up or went away),
 * so work done only for that answer, such as a long check, stops.
 *
 * One signal per connection, aborted when it closes with an answer still unsent: an HTTP/1.1 request ends early
 * only by its connection closing. Made per request, an AbortSignal cost three new hidden classes each time (Node
 * sets its prototype after making it; docs/scaling.md, "Hidden classes"). A response with no connection any more
 * gets an aborted signal.
 */
export function abortedOnClose(res: Response): AbortSignal {
  const { socket } = res;
  if (!socket || socket.destroyed) return AbortSignal.abort();
  const connection = connections.get(socket) ?? watched(socket);
  connection.unanswered++;
  res.once('finish', () => connection.unanswered--);
  return connection.signal;
}

function watched(socket: Socket): Connection {
  const controller = new AbortController();
  const connection = { signal: controller.signal, unanswered: 0 };
  socket.once('close', () => {
    if (connection.unanswered > 0) controller.abort();
  });
  connections.set(socket, connection);
  return connection;
}

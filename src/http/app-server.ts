import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';

/**
 * `app.listen()`'s server, with each request and response made with the app's own prototypes.
 *
 * Express gives every request and response its app's prototypes (`Object.setPrototypeOf`) before routing. In V8 11
 * (Node 20) an object whose prototype changed has a hidden class outside V8's transition tree, so each property that
 * Express, the router, body-parser and our middleware then add (`params`, `baseUrl`, `body`, `locals`, …) makes a
 * new hidden class, about twenty per request, and every read of the request or response misses V8's inline caches
 * and goes to the runtime (docs/scaling.md, "Hidden classes"). Made with those prototypes from the start, Express's
 * change is a no-op and every request shares one chain of hidden classes.
 *
 * The app's `request` and `response` become the prototypes of two subclasses, which inherit from what they were
 * (the app, Express's methods). Subclasses rather than functions given a prototype: V8 sizes a subclass's objects
 * from its whole chain of constructors, where a response made by a plain function went to dictionary mode.
 */
export function appServer(app: Express): Server {
  class AppRequest extends IncomingMessage {}
  class AppResponse extends ServerResponse<AppRequest> {}
  app.request = adopted(AppRequest.prototype, app.request);
  app.response = adopted(AppResponse.prototype, app.response);
  return createServer({ IncomingMessage: AppRequest, ServerResponse: AppResponse }, app);
}

/** `prototype`, inheriting from `was`, as `was`'s type. */
function adopted<T extends object>(prototype: object, was: T): T {
  return Object.setPrototypeOf(prototype, was) as T;
}

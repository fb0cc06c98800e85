import type { Express } from 'express';

/** One route the application answers: `GET /api/drafts/:id`. */
export interface RouteEntry {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route of the app, read from Express's own router stack (mounts joined), so none can be left out. */
export function routeTable(app: Express): RouteEntry[] {
  const root = (app as unknown as { router: { stack: Layer[] } }).router;
  return walk(root.stack, '');
}

function walk(stack: readonly Layer[], prefix: string): RouteEntry[] {
  return stack.flatMap((layer) => {
    const path = typeof layer.rawPath === 'string' ? layer.rawPath : '';
    if (layer.route) {
      const full = joined(prefix, String(layer.route.path)) || '/';
      return Object.keys(layer.route.methods).map((method) => ({ method: method.toUpperCase(), path: full }));
    }
    return layer.handle?.stack ? walk(layer.handle.stack, joined(prefix, path)) : [];
  });
}

const joined = (prefix: string, path: string) => `${prefix}${path === '/' ? '' : path}`;

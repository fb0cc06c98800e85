import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { securityHeaders } from '../../src/http/security-headers.js';

/** Debian's chromium (`apt-get install chromium`); playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumOptions {
  viewport: { width: number; height: number };
  /** Phone emulation: the meta viewport is honoured and touch events exist. */
  mobile?: boolean;
  deviceScaleFactor?: number;
}

export interface ChromiumSession {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh profile (its own --user-data-dir) and one page. */
export async function launchChromium(options: ChromiumOptions): Promise<ChromiumSession> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'qianfa-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: options.viewport,
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    isMobile: options.mobile ?? false,
    hasTouch: options.mobile ?? false,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A form post the page server received. */
export interface ReceivedPost {
  path: string;
  form: URLSearchParams;
}

export interface PageServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Serves `markup` at `path` for GET; `secured`: with the app's security headers (CSP …), as qianfa sends it. */
  set(path: string, markup: string, secured?: boolean): void;
  /** What a POST to any path answers (default: a blank page). */
  onPost(markup: string): void;
  readonly posts: readonly ReceivedPost[];
  close(): Promise<void>;
}

/** A tiny loopback HTTP server for rendered pages, recording the forms posted to it. */
export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, string>();
  const secured = new Set<string>();
  const headers = securityHeaders(undefined) as unknown as (
    req: IncomingMessage,
    res: ServerResponse,
    next: () => void,
  ) => void;
  const posts: ReceivedPost[] = [];
  let postReply = '<!doctype html><title>ok</title>';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST')
        posts.push({ path, form: new URLSearchParams(Buffer.concat(chunks).toString()) });
      const markup = req.method === 'POST' ? postReply : pages.get(path);
      const answer = () => {
        res.writeHead(markup === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(markup ?? 'not found');
      };
      if (req.method !== 'POST' && secured.has(path)) headers(req, res, answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    set: (path, markup, isSecured = false) => {
      pages.set(path, markup);
      if (isSecured) secured.add(path);
      else secured.delete(path);
    },
    onPost: (markup) => void (postReply = markup),
    posts,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** Where screenshots go: tests/artifacts/ (git-ignored), or a path of the repository for docs. */
export async function saveScreenshot(page: Page, path: string, fullPage = false): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await page.screenshot({ fullPage, animations: 'disabled' }));
}

/**
 * The little of the DOM that tests evaluate inside the page, typed here because the project compiles without the
 * DOM lib. Use as `const win = globalThis as unknown as DomWindow` inside `page.evaluate` (the cast is erased).
 */
export interface DomElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly attributes: Iterable<{ readonly name: string; readonly value: string }>;
  readonly validity?: { readonly valueMissing: boolean };
  getAttribute(name: string): string | null;
  matches(selector: string): boolean;
  toggleAttribute(name: string): boolean;
}

export interface DomWindow {
  readonly document: {
    readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
    readonly activeElement: DomElement | null;
    querySelectorAll(selector: string): Iterable<DomElement>;
  };
  getComputedStyle(element: DomElement): {
    readonly outlineStyle: string;
    readonly outlineWidth: string;
    readonly transitionDuration: string;
  };
  /** Set by the hostile payloads if any of them ever runs. */
  readonly __pwned?: unknown;
}

/** The text of every `<mark>` of finding n on the page, in document order, joined. */
export function markedTextOf(page: Page, n: number): Promise<string> {
  return page.evaluate((selector) => {
    const { document } = globalThis as unknown as DomWindow;
    return [...document.querySelectorAll(selector)].map((mark) => mark.textContent ?? '').join('');
  }, `mark[data-finding~="${n}"]`);
}

// One HTTP request for Lua's http.request (docs/lua/http.md), bounded: a timeout for the whole
// exchange, a size limit on the body, at most MAX_REDIRECTS redirects (each hop asked of `allow`,
// so a plugin's hosts hold across redirects). No cookies, no credentials of the hub: only the
// headers Lua gave (and an Authorization header never follows a redirect to another host).
// Errors are values: the result's `error`, never a throw.
import type http from 'node:http';
import { createRequire } from 'node:module';

// Loaded on the first request: node:https costs the worker's start tens of ms (tls), which every
// hub would pay for a request most never make. (require, not a dynamic import: the bundled worker runs
// from V8's code cache, which has no module loader.)
type Requester = Pick<typeof http, 'request'>;
const load = (https: boolean): Requester =>
  createRequire(import.meta.url)(https ? 'node:https' : 'node:http') as Requester;

export const HTTP_DEFAULT_TIMEOUT_MS = 10_000;
export const HTTP_MAX_TIMEOUT_MS = 120_000;
export const HTTP_DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const HTTP_MAX_BYTES = 32 * 1024 * 1024;
export const MAX_REDIRECTS = 5;

export interface HttpSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  /** null: the hop may go; otherwise why not (a plugin's hosts). */
  allow: (url: URL) => string | null;
}

export interface HttpResult {
  status?: number;
  ok: boolean;
  headers?: Record<string, string>;
  body?: string;
  /** The last URL (after redirects). */
  url: string;
  error?: string;
}

/** Starts the request; `abort` ends it early (its result then is never delivered). */
export function httpRequest(spec: HttpSpec, done: (r: HttpResult) => void): { abort(): void } {
  let finished = false;
  let req: http.ClientRequest | null = null;
  const finish = (r: HttpResult) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    req?.destroy();
    done(r);
  };
  const fail = (url: string, error: string) => finish({ ok: false, url, error });
  const timer = setTimeout(
    () => fail(spec.url, `${spec.method} ${spec.url}: no answer within ${spec.timeoutMs} ms (timeout)`),
    spec.timeoutMs,
  );

  const hop = (
    url: URL,
    method: string,
    body: string | undefined,
    headers: Record<string, string>,
    left: number,
  ) => {
    const denied = spec.allow(url);
    if (denied) return fail(url.href, denied);
    const h: Record<string, string> = { 'user-agent': 'botster-tui', ...headers };
    if (body !== undefined) h['content-length'] = String(Buffer.byteLength(body));
    try {
      req = load(url.protocol === 'https:').request(url, { method, headers: h, agent: false }, answer);
    } catch (err) {
      // Node refuses some input outright (a method that is not a token, a newline in a header).
      return fail(url.href, `${method} ${url.href}: ${(err as Error).message}`);
    }
    req.on('error', (err) => fail(url.href, `${spec.method} ${url.href}: ${err.message}`));
    req.end(body);

    function answer(res: http.IncomingMessage): void {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location) {
        res.resume();
        if (left <= 0)
          return fail(url.href, `${spec.method} ${spec.url}: more than ${MAX_REDIRECTS} redirects (a loop?)`);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return fail(url.href, `${spec.method} ${url.href}: a redirect to a bad URL (${location})`);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:')
          return fail(
            url.href,
            `${spec.method} ${url.href}: a redirect to ${next.protocol} (only http and https)`,
          );
        const sameHost = next.host === url.host;
        const nextHeaders = Object.fromEntries(
          Object.entries(headers).filter(([k]) => sameHost || !/^(authorization|cookie)$/i.test(k)),
        );
        const asGet = status === 303 || ((status === 301 || status === 302) && method === 'POST');
        return hop(next, asGet ? 'GET' : method, asGet ? undefined : body, nextHeaders, left - 1);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > spec.maxBytes) {
          fail(
            url.href,
            `${spec.method} ${url.href}: the answer is over ${spec.maxBytes} bytes (max_bytes) and was cut off`,
          );
          return;
        }
        chunks.push(c);
      });
      res.on('end', () =>
        finish({
          status,
          ok: status >= 200 && status < 300,
          headers: Object.fromEntries(
            Object.entries(res.headers).map(([k, v]) => [
              k,
              Array.isArray(v) ? v.join(', ') : String(v ?? ''),
            ]),
          ),
          body: Buffer.concat(chunks).toString('utf8'),
          url: url.href,
        }),
      );
      res.on('error', (err) => fail(url.href, `${spec.method} ${url.href}: ${err.message}`));
    }
  };

  let first: URL;
  try {
    first = new URL(spec.url);
  } catch {
    queueMicrotask(() => fail(spec.url, `not a URL: ${spec.url}`));
    return { abort: () => (finished = true) };
  }
  if (first.protocol !== 'http:' && first.protocol !== 'https:') {
    queueMicrotask(() => fail(spec.url, `${spec.url}: only http and https URLs`));
    return { abort: () => (finished = true) };
  }
  hop(first, spec.method, spec.body, spec.headers, MAX_REDIRECTS);
  return {
    abort: () => {
      finished = true;
      clearTimeout(timer);
      req?.destroy();
    },
  };
}

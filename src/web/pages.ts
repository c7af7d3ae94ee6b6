import type http from 'node:http';
import fs from 'node:fs';
import type { WebHub, WebRequest } from './hub-port.js';
import type { WebSession } from './sessions.js';
import type { Templates } from './templates.js';
import type { Assets } from './assets.js';
import { securityHeaders } from './guard.js';
import { FAVICON, FAVICON_LINK } from './favicon.js';

// A session's requests: the package's assets, and the Lua routes' answers (render -> the Liquid
// page, redirect, JSON). Every state-changing form carries the session's CSRF token.

const MAX_FORM = 64 * 1024;

export interface PageDeps {
  hub: WebHub;
  templates: Templates;
  assets: Assets;
  /** The hub's VAPID public key: the page subscribes to pushes with it (push.ts). */
  pushKey?: () => string;
}

/** What every template gets as `web`: the CSRF token, read-only or not, the import map, errors. */
export function webContext(deps: PageDeps, session: Pick<WebSession, 'csrf' | 'readOnly'>) {
  const errors = [...deps.templates.errors(), ...deps.assets.errors()];
  const config = deps.hub.configError();
  if (config) errors.unshift(config);
  return {
    csrf: session.csrf,
    read_only: session.readOnly,
    importmap: deps.assets.importMap(),
    controllers: [...deps.assets.controllers().keys()].join(','),
    favicon: FAVICON,
    push_key: deps.pushKey?.() ?? '',
    errors,
  };
}

export function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  type = 'text/html; charset=utf-8',
  extra: Record<string, string> = {},
  script?: string,
): void {
  res.writeHead(status, { ...securityHeaders(script), 'content-type': type, ...extra });
  res.end(body);
}

/** A plain page for refusals: it names nothing of the hub. */
export function refuse(res: http.ServerResponse, status: number, why: string): void {
  send(res, status, `<!doctype html>${FAVICON_LINK}<title>Botster Hub</title><p>${why}</p>`);
}

async function readForm(req: http.IncomingMessage): Promise<Record<string, string> | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_FORM) return null;
    chunks.push(c as Buffer);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  return Object.fromEntries(new URLSearchParams(body));
}

export async function servePage(
  deps: PageDeps,
  session: WebSession,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  csrfOk: (form: Record<string, string>) => boolean,
): Promise<void> {
  const method =
    req.method === 'POST' ? 'POST' : req.method === 'GET' || req.method === 'HEAD' ? 'GET' : null;
  if (!method) return refuse(res, 405, 'method not allowed');
  if (method === 'GET') {
    const asset = deps.assets.find(url.pathname);
    if (asset) {
      res.writeHead(200, { ...securityHeaders(), 'content-type': asset.type, 'cache-control': 'no-cache' });
      if (asset.body !== undefined) return void res.end(asset.body);
      // (a file gone meanwhile ends this answer, not the hub: a stream's error has no default handler)
      const file = fs.createReadStream(asset.file).on('error', (err) => {
        deps.hub.log('error', `web: ${url.pathname}: ${err.message}`);
        res.destroy();
      });
      return void file.pipe(res);
    }
  }
  let form: Record<string, string> = {};
  if (method === 'POST') {
    const read = await readForm(req);
    if (!read) return refuse(res, 413, 'that form is too large');
    form = read;
    if (!csrfOk(form))
      return refuse(res, 403, 'this form is not from a page of this session (CSRF token missing or wrong)');
    if (session.readOnly) return refuse(res, 403, 'a read-only session changes nothing');
  }
  delete form.authenticity_token;
  const wreq: WebRequest = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    form,
    read_only: session.readOnly,
    format: wantsJson(req.headers.accept) ? 'json' : 'html',
  };
  // Your controllers as they are now (a saved one is checked once; usually the watch did it already).
  await deps.assets.check();
  const answer = await deps.hub.route(wreq);
  const web = webContext(deps, session);
  switch (answer.kind) {
    case 'missing':
      return send(res, 404, await errorPage(deps, web, 404, `no page ${url.pathname}`));
    case 'error':
      // (in the hub too: its notice, which is logged, as a broken template or controller says)
      deps.hub.notify(`web: ${answer.message}`);
      return send(res, 500, await errorPage(deps, web, 500, answer.message), undefined, {}, web.importmap);
    case 'redirect':
      // (Lua's redirect() says the same: only a path of this site, never "//elsewhere")
      if (!/^\/(?![/\\])/.test(answer.location)) {
        deps.hub.log('error', `web: redirect to ${answer.location}: not a path of the hub`);
        return refuse(res, 500, 'a route sent the browser off the hub');
      }
      // 303: Turbo follows a form's answer with a GET.
      res.writeHead(303, { ...securityHeaders(), location: answer.location });
      return void res.end();
    case 'json':
      return send(res, 200, JSON.stringify(answer.value ?? null), 'application/json');
    case 'render':
      try {
        let html = await deps.templates.render(answer.template, { ...answer.data, web });
        // A template found broken while rendering (its last good text was used): say so on it.
        if (webContext(deps, session).errors.length !== web.errors.length) {
          const again = webContext(deps, session);
          html = await deps.templates.render(answer.template, { ...answer.data, web: again });
        }
        return send(res, 200, html, undefined, {}, web.importmap);
      } catch (err) {
        const message = `${answer.source}: ${(err as Error).message}`;
        // (its notice is logged: once)
        deps.hub.notify(`web: ${message}`);
        return send(res, 500, await errorPage(deps, web, 500, message), undefined, {}, web.importmap);
      }
  }
}

/** A client that names JSON and not HTML (a script, `curl -H 'Accept: application/json'`); a browser names HTML. */
function wantsJson(accept: string | undefined): boolean {
  return !!accept && /\bapplication\/json\b/i.test(accept) && !/\btext\/html\b/i.test(accept);
}

async function errorPage(
  deps: PageDeps,
  web: ReturnType<typeof webContext>,
  status: number,
  message: string,
): Promise<string> {
  try {
    return await deps.templates.render('error.liquid', { status, message, web, waiting: 0 });
  } catch {
    const esc = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    return `<!doctype html>${FAVICON_LINK}<title>${status}</title><pre>${esc}</pre>`;
  }
}

import http from 'node:http';
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import type { Hub, HubOptions } from '../../../src/app/hub.js';
import { WebControl } from '../../../src/server/web-control.js';
import { WebReveal } from '../../../src/server/web-reveal.js';
import { reportState } from '../../../src/verbs/report.js';
import { useHub } from '../use-hub.js';

// A real hub (in this process, its configuration watched) with the web on, on a free loopback
// port: the address with a token is taken as the hub would show it (WebControl.tokenUrl), the
// requests go over real HTTP and WebSockets.

export interface WebHubRun {
  hub: Hub;
  home: string;
  web: WebControl;
  base: string;
  port: number;
  /** A new session: its cookie and CSRF token (read from the board page). */
  login(readOnly?: boolean): Promise<{ cookie: string; csrf: string }>;
  /** An agent says it waits for the user (as its CLI's hooks would). */
  waiting(agent: string, reason: string): void;
}

export function webHubs() {
  const hubs = useHub();
  const on = webOn();
  return async (agents: HubOptions['agents'], files: Record<string, string> = {}): Promise<WebHubRun> =>
    on(await hubs.watched({ agents, files }));
}

/** The web on a hub made elsewhere (one with a control socket, say); stopped after each test. */
export function webOn() {
  const controls: WebControl[] = [];
  afterEach(async () => {
    for (const c of controls.splice(0)) await c.dispose();
  });
  return async (hub: Hub): Promise<WebHubRun> => {
    const reveal = new WebReveal({
      served: () => null,
      write: () => {},
      redraw: () => {},
      ask: () => {},
      notify: () => {},
    });
    const web = new WebControl(
      {
        control: hub.control,
        lua: hub.lua,
        apply: (r, s) => hub.runner.applyRequests(r, s),
        emit: (e, p, s) => void hub.events.emit(e, p, s),
        pushes: hub.webPushes,
      },
      reveal,
    );
    controls.push(web);
    const started = (await web.op({ op: 'web', action: 'start' })) as { listening: string };
    const base = started.listening;
    const port = Number(new URL(base).port);
    const login = async (readOnly = false) => {
      const res = await get(web.tokenUrl(readOnly)!.replace(/^http:\/\/[^/]+/, base));
      const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0];
      const page = await get(`${base}/`, { cookie });
      const csrf = /name="csrf-token" content="([^"]+)"/.exec(page.body)?.[1] ?? '';
      return { cookie, csrf };
    };
    const waiting = (agent: string, reason: string) =>
      void reportState(hub.control, { op: 'report', agent, state: 'waiting', reason });
    return { hub, home: hub.opts.home, web, base, port, login, waiting };
  };
}

export interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request (headers as given: a test sets Host and Origin itself). */
export function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const get = (url: string, headers: Record<string, string> = {}) => request(url, { headers });

/** A form posted as a page of the hub would (its Origin, the session's cookie). */
export function post(
  base: string,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return request(`${base}${path}`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/** A WebSocket to /ws: opens, or is refused with the HTTP status. */
export function socket(
  base: string,
  headers: Record<string, string>,
): Promise<{ ws: WebSocket; status: null } | { ws: null; status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`, { headers });
    ws.once('open', () => resolve({ ws, status: null }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ws: null, status: res.statusCode ?? 0 });
      res.resume();
    });
    ws.once('error', () => resolve({ ws: null, status: -1 }));
  });
}

/** A home's hooks that let `cat` take prompts (prompts.reads ships with the CLI files' programs only). */
export const CAT_READS_PROMPTS = {
  'user/hooks.lua':
    'local reads = prompts.reads\nfunction prompts.reads(ev) if ev.agent.program == "cat" then return true end return reads(ev) end\n',
};

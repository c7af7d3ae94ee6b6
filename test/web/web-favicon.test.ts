import { describe, expect, it } from 'vitest';
import { FAVICON } from '../../src/web/favicon.js';
import { get, webHubs } from '../support/web/web-hub.js';

// Every page names the hub's icon inline (a data: SVG the CSP allows), so no browser asks for
// /favicon.ico: before, each page cost a 404 (a 401 before a session).

const start = webHubs();

/** The icon a page links, decoded; null when it links none. */
function icon(body: string): string | null {
  const href = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)">/.exec(body)?.[1];
  if (!href) return null;
  expect(href.startsWith('data:image/svg+xml,')).toBe(true);
  return decodeURIComponent(href.slice('data:image/svg+xml,'.length).replace(/&amp;/g, '&'));
}

describe('web: the favicon', () => {
  it('every page links an inline SVG icon the CSP allows; refusals too', async () => {
    const w = await start([{ command: 'cat', name: 'one' }]);
    const { cookie } = await w.login();
    for (const page of ['/', '/agents/1', '/new', '/pipelines', '/nowhere']) {
      const res = await get(`${w.base}${page}`, { cookie });
      const svg = icon(res.body);
      expect(svg, page).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
      expect(String(res.headers['content-security-policy']), page).toMatch(/img-src[^;]*data:/);
    }
    expect(icon((await get(`${w.base}/`)).body)).toBe(decodeURIComponent(FAVICON.split(',')[1]));
  });
});

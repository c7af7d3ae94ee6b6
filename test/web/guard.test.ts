import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  cookies,
  hostAllowed,
  hostsFor,
  originAllowed,
  requestTarget,
  type Listening,
} from '../../src/web/guard.js';

// The Host and Origin rules (src/web/guard.ts) on both kinds of address: a loopback one answers a
// loopback name on any port (an SSH tunnel's), an address given with --listen only itself.

const req = (host: string | undefined, origin?: string) =>
  ({ headers: { host, ...(origin ? { origin } : {}) } }) as unknown as http.IncomingMessage;

describe('web guard', () => {
  it('on loopback: a loopback name with any port or none; never another name', () => {
    const l: Listening = { hosts: hostsFor('127.0.0.1', 41213), scheme: 'http', loopback: true };
    for (const h of [
      '127.0.0.1:41213',
      'localhost:9000',
      'LOCALHOST:9000',
      '[::1]:8080',
      'localhost',
      '127.0.0.1',
    ])
      expect(hostAllowed(req(h), l), h).toBe(true);
    for (const h of [
      'evil.example:41213',
      'evil.example:9000',
      'localhost.evil.example',
      '127.0.0.2:9000',
      'localhost:9000:1',
      undefined,
    ])
      expect(hostAllowed(req(h), l), String(h)).toBe(false);
    expect(originAllowed(req('localhost:9000', 'http://localhost:9000'), l)).toBe(true);
    expect(originAllowed(req('localhost', 'http://localhost'), l)).toBe(true);
    expect(originAllowed(req('localhost:9000', 'http://localhost:9001'), l)).toBe(false);
    expect(originAllowed(req('localhost:9000', 'http://127.0.0.1:9000'), l)).toBe(false);
    expect(originAllowed(req('localhost:9000', 'https://localhost:9000'), l)).toBe(false);
    expect(originAllowed(req('evil.example:9000', 'http://evil.example:9000'), l)).toBe(false);
    expect(originAllowed(req('localhost:9000'), l)).toBe(false);
  });

  it('on an address given with --listen: that address and port only', () => {
    const l: Listening = { hosts: hostsFor('100.101.102.103', 41213), scheme: 'https', loopback: false };
    expect(hostAllowed(req('100.101.102.103:41213'), l)).toBe(true);
    for (const h of [
      '100.101.102.103:9000',
      '100.101.102.103',
      'localhost:41213',
      '127.0.0.1:41213',
      'evil.example:41213',
    ])
      expect(hostAllowed(req(h), l), h).toBe(false);
    expect(originAllowed(req('100.101.102.103:41213', 'https://100.101.102.103:41213'), l)).toBe(true);
    expect(originAllowed(req('100.101.102.103:41213', 'http://100.101.102.103:41213'), l)).toBe(false);
    expect(originAllowed(req('localhost:41213', 'https://localhost:41213'), l)).toBe(false);
  });

  it('reads any cookie header without throwing: a value that does not decode is null', () => {
    const c = (cookie: string) => cookies({ headers: { cookie } } as unknown as http.IncomingMessage);
    expect(c('x=%E0%A4%A; botster_session_1=abc')).toEqual({ x: null, botster_session_1: 'abc' });
    expect(c('a=%zz; b=%41; =nameless; junk')).toEqual({ a: null, b: 'A' });
    expect(Object.getPrototypeOf(c('__proto__=%E0'))).toBeNull();
  });

  it('an address is a path of this site whose percent-encoding decodes, or null', () => {
    expect(requestTarget('/agents/1?x=%41')?.pathname).toBe('/agents/1');
    for (const bad of [
      '/%E0%A4%A',
      '/a?q=%zz',
      '//evil.example/x',
      '/\\evil.example',
      '*',
      'http://x/',
      '',
      undefined,
    ])
      expect(requestTarget(bad), String(bad)).toBeNull();
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { certFiles, hubCertificate } from '../../src/web/hub-cert.js';

// The hub's own certificate for `web --listen ADDR`: made once per home, reused while it serves the
// address, made again (naming the old addresses too) when it does not, or is about to expire.

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});
const home = () => {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-cert-'));
  homes.push(h);
  return h;
};

describe('the hub certificate', () => {
  it('names the address, is reused for it however an IPv6 address is written, and is self-signed', () => {
    const h = home();
    const a = hubCertificate(h, 'fd7a:115c:a1e0::1');
    const x = new crypto.X509Certificate(a.cert);
    expect(x.checkIP('fd7a:115c:a1e0:0:0:0:0:1')).toBeDefined();
    expect(x.checkIP('127.0.0.1')).toBeDefined();
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.ca).toBe(false);
    expect(hubCertificate(h, 'FD7A:115C:A1E0:0::1').fingerprint).toBe(a.fingerprint);
    expect(hubCertificate(h, '127.0.0.1').fingerprint).toBe(a.fingerprint);
    expect(fs.statSync(certFiles(h).key).mode & 0o777).toBe(0o600);
    expect(fs.statSync(certFiles(h).dir).mode & 0o777).toBe(0o700);
  });

  it('a new address or an expiring certificate makes a new one, still naming the old addresses', () => {
    const h = home();
    const a = hubCertificate(h, '100.64.0.7');
    const b = hubCertificate(h, 'box.tailnet.ts.net');
    expect(b.fingerprint).not.toBe(a.fingerprint);
    const x = new crypto.X509Certificate(b.cert);
    expect(x.checkIP('100.64.0.7')).toBeDefined();
    expect(x.checkHost('box.tailnet.ts.net')).toBeDefined();
    const later = new Date(Date.parse(x.validTo) - 3600_000);
    const c = hubCertificate(h, 'box.tailnet.ts.net', later);
    expect(c.fingerprint).not.toBe(b.fingerprint);
    expect(Date.parse(new crypto.X509Certificate(c.cert).validTo)).toBeGreaterThan(Date.parse(x.validTo));
  });

  it("a key that is not the certificate's (or unreadable files) makes a new pair", () => {
    const h = home();
    const a = hubCertificate(h, '127.0.0.1');
    fs.writeFileSync(certFiles(h).key, 'not a key', { mode: 0o600 });
    const b = hubCertificate(h, '127.0.0.1');
    expect(b.fingerprint).not.toBe(a.fingerprint);
    expect(crypto.createPrivateKey(fs.readFileSync(certFiles(h).key, 'utf8'))).toBeTruthy();
  });
});

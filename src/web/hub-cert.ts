import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { bits, explicit, implicit, int, octets, oid, seq, set, time, utf8 } from './der.js';

// `botster-tui web --listen ADDR` without --cert/--key: the hub's own self-signed certificate, made
// once per home ($BOTSTER_HOME/web/, the key 0600) and reused, so the fingerprint the user checked
// on their phone stays the same. A new one is made only when it expires or does not name the
// address (it then names the old addresses too).

export interface HubTls {
  cert: string;
  key: string;
  /** SHA-256 of the certificate (DER), "AB:CD:..." as browsers show it. */
  fingerprint: string;
}

/** Apple's limit for a TLS server certificate, so Safari accepts it once trusted. */
const DAYS = 825;
const RENEW_BEFORE_MS = 24 * 3600_000;
const ALWAYS = ['127.0.0.1', '::1', 'localhost'];

export function certFiles(home: string): { dir: string; cert: string; key: string } {
  const dir = path.join(home, 'web');
  return { dir, cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
}

/** The fingerprint of a PEM certificate (the user's own, or the hub's). */
export function fingerprintOf(certPem: string): string {
  return new crypto.X509Certificate(certPem).fingerprint256;
}

/** The home's certificate for `address`, made (or made again) when it cannot serve it. */
export function hubCertificate(home: string, address: string, now = new Date()): HubTls {
  const files = certFiles(home);
  let names: string[] = [];
  try {
    const cert = fs.readFileSync(files.cert, 'utf8');
    const key = fs.readFileSync(files.key, 'utf8');
    const x = new crypto.X509Certificate(cert);
    names = sansOf(x);
    const fresh = Date.parse(x.validTo) - now.getTime() > RENEW_BEFORE_MS;
    const named = net.isIP(address) ? x.checkIP(address) : x.checkHost(address);
    if (fresh && named !== undefined && x.checkPrivateKey(crypto.createPrivateKey(key)))
      return { cert, key, fingerprint: x.fingerprint256 };
  } catch {
    // none yet, or unreadable, or not a pair: a new one
  }
  const made = makeCertificate(distinct([...ALWAYS, ...names, address]), now);
  fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  // The key first, never readable by others even for a moment; then the certificate beside it.
  for (const [file, text] of [
    [files.key, made.key],
    [files.cert, made.cert],
  ] as const) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text, { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  return made;
}

/** The names a certificate serves ("IP Address:1.2.3.4, DNS:x" as Node reads it). */
function sansOf(x: crypto.X509Certificate): string[] {
  return (x.subjectAltName ?? '')
    .split(', ')
    .map((s) => s.replace(/^(IP Address|DNS):/, ''))
    .filter(Boolean);
}

/** A self-signed P-256 certificate for these names (IP addresses or host names). */
export function makeCertificate(names: string[], now = new Date()): HubTls {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), utf8('botster-tui hub'))));
  const san = seq(
    ...names.map((n) =>
      net.isIP(n) ? implicit(7, ipBytes(n)) : implicit(2, Buffer.from(n.toLowerCase(), 'ascii')),
    ),
  );
  const extension = (id: string, critical: boolean, value: Buffer) =>
    seq(oid(id), ...(critical ? [Buffer.from([0x01, 0x01, 0xff])] : []), octets(value));
  const serial = crypto.randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = seq(
    explicit(0, int(2)),
    int(serial),
    ecdsaSha256,
    name,
    seq(time(new Date(now.getTime() - 3600_000)), time(new Date(now.getTime() + DAYS * 86400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      seq(
        extension('2.5.29.17', false, san),
        // not a CA; a TLS server's key (digitalSignature), for serverAuth only
        extension('2.5.29.19', true, seq()),
        extension('2.5.29.15', true, bits(Buffer.from([0x80]))),
        extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
      ),
    ),
  );
  const signature = crypto.sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = seq(tbs, ecdsaSha256, bits(signature));
  const cert = `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/.{64}/g, '$&\n')
    .replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { cert, key, fingerprint: fingerprintOf(cert) };
}

/** Each name once (an IPv6 address however it is written). */
function distinct(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const n of names) seen.set(net.isIP(n) ? ipBytes(n).toString('hex') : n.toLowerCase(), n);
  return [...seen.values()];
}

function ipBytes(ip: string): Buffer {
  if (net.isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  // Expand "::" and read the eight groups.
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(groups.flatMap((g) => [(parseInt(g, 16) >> 8) & 0xff, parseInt(g, 16) & 0xff]));
}

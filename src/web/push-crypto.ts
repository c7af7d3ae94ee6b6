import crypto from 'node:crypto';

// Web Push's two pieces of cryptography, with node's crypto only: the payload encrypted for one
// browser's subscription (RFC 8291: ECDH with its p256dh key, its auth secret, aes128gcm as RFC 8188
// frames it), and the VAPID token that says the push comes from this hub (RFC 8292: an ES256 JWT).

const b64u = (b: Buffer) => b.toString('base64url');

/** One record (a push is far under 4 KiB): what a push service relays, and only the browser reads. */
export function encryptPush(plain: Buffer, p256dh: string, auth: string): Buffer {
  const uaPublic = Buffer.from(p256dh, 'base64url');
  const authSecret = Buffer.from(auth, 'base64url');
  if (uaPublic.length !== 65 || uaPublic[0] !== 4) throw new Error('p256dh is not an uncompressed P-256 key');
  if (authSecret.length < 16) throw new Error('the auth secret is shorter than 16 bytes');
  // A key pair of our own for each message: the browser reads its public half from the header.
  const ecdh = crypto.createECDH('prime256v1');
  const asPublic = ecdh.generateKeys();
  const shared = ecdh.computeSecret(uaPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(crypto.hkdfSync('sha256', shared, authSecret, keyInfo, 32));
  const salt = crypto.randomBytes(16);
  const cek = Buffer.from(
    crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16),
  );
  const nonce = Buffer.from(
    crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12),
  );
  const cipher = crypto.createCipheriv('aes-128-gcm', cek, nonce);
  // 0x02: the last record's delimiter (no padding after it).
  const body = Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.from([2])])),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(4096, 16);
  header[20] = asPublic.length;
  return Buffer.concat([header, asPublic, body]);
}

/** The hub's VAPID key pair: the private key signs, the public one (65 bytes, base64url) is the page's applicationServerKey. */
export interface VapidKeys {
  privateKey: crypto.KeyObject;
  publicKey: string;
}

/** `Authorization: vapid t=JWT, k=KEY` for a push to `endpoint` (valid 12 hours from `now`, in ms). */
export function vapidAuthorization(endpoint: string, keys: VapidKeys, subject: string, now: number): string {
  const aud = new URL(endpoint).origin;
  const head = b64u(Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'ES256' })));
  const claims = b64u(
    Buffer.from(JSON.stringify({ aud, exp: Math.floor(now / 1000) + 12 * 3600, sub: subject })),
  );
  const signed = `${head}.${claims}`;
  // (JWS wants r || s, not DER)
  const sig = crypto.sign('sha256', Buffer.from(signed), { key: keys.privateKey, dsaEncoding: 'ieee-p1363' });
  return `vapid t=${signed}.${b64u(sig)}, k=${keys.publicKey}`;
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { VapidKeys } from './push-crypto.js';

// The hub's VAPID key pair (RFC 8292), made once and kept in the home (mode 0600): a browser's
// subscription is bound to the public key it was made with, so a new pair would end every phone's.

export const vapidPath = (home: string) => path.join(home, 'push-vapid.json');

export function vapidKeys(home: string): VapidKeys {
  const file = vapidPath(home);
  let jwk: crypto.JsonWebKey | null = null;
  try {
    const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: number; jwk?: crypto.JsonWebKey };
    if (kept.version === 1 && kept.jwk?.d) jwk = kept.jwk;
  } catch {
    // none yet (or unreadable: made anew below)
  }
  if (!jwk) {
    jwk = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ version: 1, jwk }), { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  const privateKey = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  const pub = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x!, 'base64url'),
    Buffer.from(jwk.y!, 'base64url'),
  ]);
  return { privateKey, publicKey: pub.toString('base64url') };
}

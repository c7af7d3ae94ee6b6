// crypto.* for Lua (docs/lua/crypto.md): digests as lowercase hex, since Lua strings cross to the
// host as UTF-8 text (raw bytes would not survive the trip).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const MAX_RANDOM = 1024;

const text = (v: unknown, what: string): string => {
  if (typeof v !== 'string')
    throw new Error(`${what}: expected a string, got ${v === null ? 'nil' : typeof v}`);
  return v;
};

export const HOST_CRYPTO = {
  __host_sha256: (s: unknown) => createHash('sha256').update(text(s, 'crypto.sha256')).digest('hex'),
  __host_hmac_sha256: (key: unknown, msg: unknown) =>
    createHmac('sha256', text(key, 'crypto.hmac_sha256 (key)'))
      .update(text(msg, 'crypto.hmac_sha256 (message)'))
      .digest('hex'),
  __host_random_bytes: (n: unknown) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_RANDOM)
      throw new Error(`crypto.random_bytes: n must be a whole number from 1 to ${MAX_RANDOM}`);
    return randomBytes(n).toString('hex');
  },
  /** Constant time whatever the inputs: both are hashed first, so their lengths leak nothing either. */
  __host_equal: (a: unknown, b: unknown) => {
    const ha = createHash('sha256').update(text(a, 'crypto.equal')).digest();
    const hb = createHash('sha256').update(text(b, 'crypto.equal')).digest();
    return timingSafeEqual(ha, hb) && a === b;
  },
};

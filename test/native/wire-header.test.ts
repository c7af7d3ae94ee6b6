import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { wireHeader } from '../../src/native/wire-header.js';
import { COULD_NOT_START, MAX_SERVER_MESSAGE, MSG, PROTOCOL } from '../../src/wire/protocol.js';
import { ENTER_TTY, LEAVE_TTY } from '../../src/client/terminal-modes.js';

// The native client's protocol numbers come from the TypeScript that defines them: the header is
// written from protocol.ts at build time, and the client's C files (src/native/client/) have none of their own.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLIENT_DIR = path.join(ROOT, 'src/native/client');
const CLIENT = fs
  .readdirSync(CLIENT_DIR)
  .filter((f) => /\.[ch]$/.test(f))
  .map((f) => fs.readFileSync(path.join(CLIENT_DIR, f), 'utf8'))
  .join('\n');

/** A C string literal's bytes as text (the escapes wireHeader writes). */
function unquote(literal: string): string {
  const bytes: number[] = [];
  const body = literal.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') bytes.push(body.charCodeAt(i));
    else if (/[0-7]/.test(body[i + 1])) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else bytes.push(body.charCodeAt(++i));
  }
  return Buffer.from(bytes).toString('utf8');
}

describe('dist/native/wire.h', () => {
  const header = wireHeader();
  const define = (name: string) => new RegExp(`^#define ${name} (.+)$`, 'm').exec(header)?.[1];

  it('says every message type, the protocol and the limits as protocol.ts has them', () => {
    for (const [name, value] of Object.entries(MSG)) expect(header).toContain(`  MSG_${name} = ${value},`);
    expect(Number(define('PROTOCOL'))).toBe(PROTOCOL);
    expect(define('MAX_SERVER_MESSAGE')).toBe(`${MAX_SERVER_MESSAGE}u`);
    expect(unquote(define('COULD_NOT_START')!)).toBe(COULD_NOT_START);
    expect(unquote(define('ENTER_TTY')!)).toBe(ENTER_TTY);
    expect(unquote(define('LEAVE_TTY')!)).toBe(LEAVE_TTY);
  });

  it('is the one npm run build wrote (what the built client was compiled with)', () => {
    const built = path.join(ROOT, 'dist/native/wire.h');
    if (fs.existsSync(path.join(ROOT, 'dist/native/botster-tui')))
      expect(fs.readFileSync(built, 'utf8')).toBe(header);
  });

  it('the client includes it and writes none of those numbers or sequences itself', () => {
    expect(CLIENT).toContain('#include "wire.h"');
    expect(CLIENT).not.toMatch(/\bMSG_[A-Z]+\s*=/);
    expect(CLIENT).not.toMatch(/#define (PROTOCOL|MAX_SERVER_MESSAGE)\b/);
    expect(CLIENT).not.toContain('\\x1b[?1049h');
    expect(CLIENT).not.toContain('could not start: ');
  });
});

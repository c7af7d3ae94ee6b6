import { COULD_NOT_START, MAX_SERVER_MESSAGE, MSG, PROTOCOL } from '../wire/protocol.js';
import { CONTROL_PROTOCOL } from '../wire/control-request.js';
import { ENTER_TTY, LEAVE_TTY } from '../client/terminal-modes.js';
import { LOSS_WINDOW_MS, MAX_LOSSES, SAME_LOSS_MS, reattachedText } from '../client/reattach.js';
import {
  KEEPER_HELLO_MS,
  KEEPER_MAJOR,
  KEEPER_MAX_IN,
  KEEPER_MAX_META,
  KEEPER_MINOR,
  KMSG,
} from '../wire/keeper-protocol.js';

// The native client's copy of the attach protocol is written from the TypeScript that defines it:
// scripts/build-native.mjs writes this to dist/native/wire.h before it compiles src/native/client/,
// so the two clients cannot disagree on a number (test/native/wire-header.test.ts checks it).

/** A C string literal: printable ASCII as it is, everything else as an octal escape. */
function cString(s: string): string {
  let out = '"';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (byte >= 0x20 && byte < 0x7f) out += c;
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** dist/native/wire.h's text. */
export function wireHeader(): string {
  const lines = [
    '/* Generated from src/wire/protocol.ts and src/client/terminal-modes.ts by',
    ' * src/native/wire-header.ts (scripts/build-native.mjs): do not edit. */',
    '#ifndef BOTSTER_WIRE_H',
    '#define BOTSTER_WIRE_H',
    '',
    `#define PROTOCOL ${PROTOCOL}`,
    "/* The control socket's JSON lines (src/wire/control-request.ts): forward.c's `cli` request. */",
    `#define CONTROL_PROTOCOL ${CONTROL_PROTOCOL}`,
    `#define MAX_SERVER_MESSAGE ${MAX_SERVER_MESSAGE}u`,
    `#define COULD_NOT_START ${cString(COULD_NOT_START)}`,
    `#define ENTER_TTY ${cString(ENTER_TTY)}`,
    `#define LEAVE_TTY ${cString(LEAVE_TTY)}`,
    '/* Reattaching (src/client/reattach.ts): what it says, and when it stops trying. */',
    `#define REATTACHED_LOST ${cString(reattachedText('lost'))}`,
    `#define REATTACHED_CRASHED ${cString(reattachedText('crashed'))}`,
    `#define REATTACHED_RESTART ${cString(reattachedText('restart'))}`,
    `#define MAX_LOSSES ${MAX_LOSSES}`,
    `#define LOSS_WINDOW_MS ${LOSS_WINDOW_MS}`,
    `#define SAME_LOSS_MS ${SAME_LOSS_MS}`,
    '',
    'enum {',
    ...Object.entries(MSG).map(([name, value]) => `  MSG_${name} = ${value},`),
    '};',
    '',
    '/* The keeper protocol (src/wire/keeper-protocol.ts, src/native/keeper/). */',
    `#define KEEPER_MAJOR ${KEEPER_MAJOR}`,
    `#define KEEPER_MINOR ${KEEPER_MINOR}`,
    `#define KEEPER_MAX_IN ${KEEPER_MAX_IN}u`,
    `#define KEEPER_MAX_META ${KEEPER_MAX_META}u`,
    `#define KEEPER_HELLO_MS ${KEEPER_HELLO_MS}`,
    'enum {',
    ...Object.entries(KMSG).map(([name, value]) => `  KMSG_${name} = ${value},`),
    '};',
    '',
    '#endif',
    '',
  ];
  return lines.join('\n');
}

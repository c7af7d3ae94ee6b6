// The user's terminal answers queries on the keys' stream; its replies come late and cut across
// reads (a slow link). Typed at a real client in a real PTY, in pieces, around normal keys: the
// focused agent (raw mode, everything it reads into a file) gets the keys and nothing of the replies.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome, until } from '../support/hub.js';
import { TTY_PATHS, ptyEnv, run, stoppedAfterEach, waitScreen } from '../support/cli-pty.js';
import { sleep } from '../support/wait.js';

const { running, homes } = stoppedAfterEach();
const E = '\x1b';
const ST = `${E}\\`;

// What is typed at the client's terminal, piece by piece; between pieces the terminal is quiet
// longer than a lone ESC waits (25 ms), as when a reply comes over a slow link.
const PIECES = [
  'a',
  `${E}]11;rgb:1e1e/`, // OSC 11 (background colour), cut, ended by BEL (ctrl+g: the hub's key)
  `1e1e/2e2e\x07`,
  'b',
  `${E}P>|XTe`, // DCS XTVERSION, cut twice, once inside its ST
  `rm(388)${E}`,
  '\\',
  'c',
  `${E}[?62;`, // CSI DA1, cut
  '22c',
  `${E}_Gi=31;`, // APC (kitty graphics), cut
  `OK${ST}`,
  `d${E}]10;rgb:ffff/ffff/ffff${ST}${E}P1$r0;1m${ST}${E}[12;40R${E}[>1;4000;0ce`, // whole, with keys around
  '\r',
];

describe("the terminal's replies to queries never reach an agent", () => {
  for (const [how, { env }] of TTY_PATHS) {
    it(`typed in pieces at a real client (${how}): the agent gets the keys, not the replies`, async () => {
      const base = tempHome();
      const home = path.join(base, '.botster');
      homes.push(home);
      const got = path.join(base, 'agent got');
      const agent = `sh -c 'stty raw -echo; printf READY; exec cat > "${got}"'`;
      const r = run(['--home', home, '--agent', agent], 100, 30, { env: ptyEnv(env) });
      running.push(r);
      await waitScreen(r, /READY/);
      for (const piece of PIECES) {
        r.pty.write(piece);
        await sleep(60);
      }
      const text = await until('the agent read the Enter', () => {
        const t = fs.existsSync(got) ? fs.readFileSync(got, 'latin1') : '';
        return t.includes('\r') && t;
      });
      expect(JSON.stringify(text)).toBe(JSON.stringify('abcde\r'));
      // And the hub took none of them for its own keys: still typing into the agent.
      r.pty.write('f\r');
      await until('f reached the agent', () => fs.readFileSync(got, 'latin1').endsWith('f\r'));
      expect(fs.readFileSync(got, 'latin1')).toBe('abcde\rf\r');
    }, 60000);
  }
});

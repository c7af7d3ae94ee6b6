#!/usr/bin/env node
// A scripted agent CLI for the pipeline tests: it shows a prompt, reads what it is typed (a paste
// too), does what it says and answers, like a coding agent would, but deterministically. A message
// is commands separated by ";": write FILE TEXT, commit MSG, answer TEXT, ask QUESTION (waits for
// a y or n line), sleep MS, exit N, hang. Its argument, when given, is its first message.
// CLI_DEAF_ENTERS=N: the first N enters are lost (a CLI busy redrawing as it starts).
import fs from 'node:fs';
import net from 'node:net';
import { execFileSync } from 'node:child_process';

const out = (s) => process.stdout.write(s);

// Its own hooks, as real CLIs' are wired in the hub: it says when a turn starts, asks and ends
// (botster-tui report's message on the hub's socket), so a pause in its output is not taken for the end.
function report(state, reason) {
  const socket = process.env.BOTSTER_SOCKET;
  const id = process.env.BOTSTER_AGENT_ID;
  if (!socket || !id) return Promise.resolve();
  return new Promise((resolve) => {
    const c = net.createConnection(socket, () =>
      c.write(
        JSON.stringify({ v: 1, op: 'report', agent: `id:${id}`, state, ...(reason ? { reason } : {}) }) +
          '\n',
      ),
    );
    c.on('data', () => c.destroy());
    c.on('error', resolve);
    c.on('close', resolve);
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
out('\x1b[?2004h'); // it reads pastes as one message
out('fake cli 1.0\n');
// Raw input, as agent CLIs read it: it echoes what is typed, a paste (bracketed) is one message
// whatever newlines it holds, and enter outside a paste sends the message.
if (process.stdin.isTTY) process.stdin.setRawMode(true);
let buffer = '';
let pasting = false;
let deaf = Number(process.env.CLI_DEAF_ENTERS ?? 0);
const waiting = [];
const messages = [];
process.stdin.on('data', (data) => {
  let s = data.toString('utf8');
  while (s.length > 0) {
    if (s.startsWith('\x1b[200~')) ((pasting = true), (s = s.slice(6)));
    else if (s.startsWith('\x1b[201~')) ((pasting = false), (s = s.slice(6)));
    else {
      const c = s[0];
      s = s.slice(1);
      if (c === '\x03') process.exit(130);
      if ((c === '\r' || c === '\n') && !pasting && deaf > 0) deaf--;
      else if ((c === '\r' || c === '\n') && !pasting) {
        out('\r\n');
        messages.push(buffer);
        buffer = '';
        waiting.shift()?.();
      } else if (c === '\x7f') buffer = buffer.slice(0, -1);
      else {
        buffer += c;
        out(c === '\n' ? '\r\n' : c);
      }
    }
  }
});
const nextLine = async () => {
  while (messages.length === 0) await new Promise((r) => waiting.push(r));
  return messages.shift();
};

async function handle(message) {
  for (const part of message
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [verb, ...rest] = part.split(' ');
    const arg = rest.join(' ');
    if (verb === 'write') {
      const [file, ...text] = rest;
      fs.writeFileSync(file, text.join(' ') + '\n');
      out(`wrote ${file}\n`);
    } else if (verb === 'commit') {
      execFileSync('git', ['add', '-A']);
      execFileSync('git', [
        '-c',
        'user.name=fake',
        '-c',
        'user.email=fake@example.com',
        'commit',
        '-qm',
        arg || 'work',
      ]);
      out('committed\n');
    } else if (verb === 'answer') out(`${arg}\n`);
    else if (verb === 'ask') {
      out(`${arg} (y/n) `);
      const reply = (await nextLine()).trim();
      await report('running');
      out(`\nyou said ${reply}\n`);
    } else if (verb === 'sleep') await sleep(Number(arg));
    else if (verb === 'exit') process.exit(Number(arg) || 0);
    else if (verb === 'hang') await new Promise(() => {});
    else out(`unknown: ${verb}\n`);
  }
}

async function turn(message) {
  await report('running');
  await handle(message);
  await report('done');
}

if (process.argv[2]) await turn(process.argv[2]);
for (;;) {
  out('fake> ');
  const message = await nextLine();
  if (message.trim()) await turn(message);
}

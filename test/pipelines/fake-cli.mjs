#!/usr/bin/env node
// A scripted agent CLI for the pipeline tests: it shows a prompt, reads what it is typed (a paste
// too), does what it says and answers, like a coding agent would, but deterministically. A message
// is commands separated by ";": write FILE TEXT, commit MSG, answer TEXT, ask QUESTION (waits for
// a y or n line), sleep MS, exit N, hang. Its argument, when given, is its first message.
// CLI_DEAF_ENTERS=N: the first N enters are lost (a CLI busy redrawing as it starts).
// CLI_FULLSCREEN=1: it draws as Claude Code 2.1.331 does: its transcript from the top of the screen,
// blank rows down to a notice pinned over its input box (two rules around "❯ text", a footer under
// them), the cursor parked in the box, the whole screen drawn again at each change.
// CLI_OFFER=1: as it starts it says it is ready (its hooks, as Claude Code's SessionStart does), then
// a moment later offers something: a question over two choices without numbers, the first under
// the cursor; keys other than up, down and enter do nothing; enter takes the one under the cursor.
import fs from 'node:fs';
import net from 'node:net';
import { execFileSync } from 'node:child_process';

// CLI_FRAME_LATE_MS=N: a turn's output reaches the terminal N ms after its report of done (as when
// a busy machine keeps its keeper from reading while the report's socket is quick).
const LATE = Number(process.env.CLI_FRAME_LATE_MS ?? 0);
let held = null;
const out = (s) => (held !== null ? (held += s) : process.stdout.write(s));

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
const FULL = process.env.CLI_FULLSCREEN === '1';
// Full screen: what it said so far, drawn from the top; the box under it.
const history = ['fake cli 1.0', ''];
let offer = null; // { question, choices, at, done }
let buffer = ''; // what is typed, not sent yet
function draw() {
  if (!FULL) return;
  const rows = process.stdout.rows || 24;
  const cols = process.stdout.columns || 80;
  const rule = '─'.repeat(cols);
  const notice = 'focus tracking is off · see its settings';
  const bottom = offer
    ? [
        rule,
        `  ${offer.question}`,
        '',
        ...offer.choices.map((c, i) => (i === offer.at ? `  ❯ ${c}` : `    ${c}`)),
      ]
    : [
        ' '.repeat(Math.max(0, cols - notice.length - 2)) + notice,
        rule,
        `❯ ${buffer}`,
        rule,
        '  ? for shortcuts',
      ];
  const room = rows - bottom.length;
  const top = history.slice(-room);
  const lines = [...top, ...Array(room - top.length).fill(''), ...bottom];
  let s = '\x1b[H';
  lines.forEach((l, i) => (s += `\x1b[${i + 1};1H\x1b[2K${l}`));
  // The cursor after what is typed in the box (or on the choice under the cursor).
  s += offer
    ? `\x1b[${rows - offer.choices.length + offer.at + 1};3H`
    : `\x1b[${rows - 2};${3 + buffer.length}H`;
  out(s);
}
// What it prints: on the screen as it goes, or (full screen) into its transcript.
function say(text) {
  if (!FULL) return out(text);
  const parts = text.split('\n');
  history[history.length - 1] += parts[0];
  history.push(...parts.slice(1));
  draw();
}
out('\x1b[?2004h'); // it reads pastes as one message
if (FULL) (out('\x1b[2J'), draw());
else out('fake cli 1.0\n');
// Raw input, as agent CLIs read it: it echoes what is typed, a paste (bracketed) is one message
// whatever newlines it holds, and enter outside a paste sends the message.
if (process.stdin.isTTY) process.stdin.setRawMode(true);
let pasting = false;
let deaf = Number(process.env.CLI_DEAF_ENTERS ?? 0);
const waiting = [];
const messages = [];
process.stdin.on('data', (data) => {
  let s = data.toString('utf8');
  while (s.length > 0) {
    if (offer) {
      // Its offer takes the keys: up and down move, enter takes the choice, the rest does nothing.
      if (s.startsWith('\x1b[A') || s.startsWith('\x1b[B')) {
        offer.at = Math.max(0, Math.min(offer.choices.length - 1, offer.at + (s[2] === 'A' ? -1 : 1)));
        s = s.slice(3);
        if (FULL) draw();
        else
          out(
            `\x1b[${offer.choices.length}A\r${offer.choices.map((c, i) => `${i === offer.at ? '❯' : ' '} ${c}\x1b[K`).join('\r\n')}\r\n`,
          );
      } else {
        if (s[0] === '\r' || s[0] === '\n') {
          const { done, at } = offer;
          offer = null;
          done(at);
        }
        s = s.slice(1);
      }
      continue;
    }
    if (s.startsWith('\x1b[200~')) ((pasting = true), (s = s.slice(6)));
    else if (s.startsWith('\x1b[201~')) ((pasting = false), (s = s.slice(6)));
    else {
      const c = s[0];
      s = s.slice(1);
      if (c === '\x03') process.exit(130);
      if ((c === '\r' || c === '\n') && !pasting && deaf > 0) deaf--;
      // (Full screen: enter on an empty box does nothing, as in Claude Code.)
      else if ((c === '\r' || c === '\n') && !pasting && FULL && !buffer.trim()) continue;
      else if ((c === '\r' || c === '\n') && !pasting) {
        if (FULL) history.splice(history.length - 1, 0, ...`❯ ${buffer}`.split('\n'), '');
        else out('\r\n');
        messages.push(buffer);
        buffer = '';
        draw();
        waiting.shift()?.();
      } else if (c === '\x7f') ((buffer = buffer.slice(0, -1)), draw());
      else {
        buffer += c;
        if (FULL) draw();
        else out(c === '\n' ? '\r\n' : c);
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
      say(`wrote ${file}\n`);
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
      say('committed\n');
    } else if (verb === 'answer') say(`${arg}\n`);
    else if (verb === 'ask') {
      say(`${arg} (y/n) `);
      const reply = (await nextLine()).trim();
      await report('running');
      say(`\nyou said ${reply}\n`);
    } else if (verb === 'sleep') await sleep(Number(arg));
    else if (verb === 'exit') process.exit(Number(arg) || 0);
    else if (verb === 'hang') await new Promise(() => {});
    else say(`unknown: ${verb}\n`);
  }
}

async function turn(message) {
  await report('running');
  if (LATE) held = '';
  await handle(message);
  await report('done');
  if (held === null) return;
  await sleep(LATE);
  const late = held;
  held = null;
  out(late);
}

if (process.env.CLI_OFFER === '1') {
  await report('idle');
  await sleep(150);
  const picked = await new Promise((done) => {
    offer = {
      question: 'Switch on the new mode?',
      choices: ['Yes, switch it on', 'No, keep it as it is'],
      at: 0,
      done,
    };
    if (FULL) draw();
    else
      out(
        `\r\n${offer.question}\r\n${offer.choices.map((c, i) => `${i === 0 ? '❯' : ' '} ${c}`).join('\r\n')}\r\n`,
      );
  });
  // (Gone once answered, as such menus go: what is left says what was chosen.)
  if (!FULL) out(`\x1b[${2 + 1}A\r\x1b[J`);
  say(`offer: ${picked === 0 ? 'yes' : 'no'}\n`);
}
if (process.argv[2]) await turn(process.argv[2]);
for (;;) {
  if (!FULL) out('fake> ');
  const message = await nextLine();
  if (message.trim()) await turn(message);
}

#!/usr/bin/env node
// A fake agent CLI that records what it receives: it asks for bracketed pastes (as Claude Code,
// Codex and Gemini CLI do), appends every byte it reads to the file its first argument names (as
// JSON lines: one per read), and on each Enter outside a paste takes the message. With
// RECORD_EDIT="FILE:LINE:TEXT" it then does what an agent would with the review: line LINE of
// FILE becomes TEXT. The message "work" leaves it working ("busy with it", no prompt) until the next.
import fs from 'node:fs';

const log = process.argv[2];
process.stdout.write('\x1b[?2004hrecord cli\r\n> ');
if (process.stdin.isTTY) process.stdin.setRawMode(true);
let pasting = false;
let line = '';
process.stdin.on('data', (data) => {
  const s = data.toString('utf8');
  fs.appendFileSync(log, JSON.stringify(s) + '\n');
  if (s.includes('\x1b[200~')) pasting = true;
  if (s.includes('\x1b[201~')) pasting = false;
  if (s.includes('\x03')) process.exit(130);
  if (!pasting && (s === '\r' || s.endsWith('\r')) && !s.includes('\x1b[201~')) {
    line += s.slice(0, -1);
    const working = line === 'work';
    line = '';
    // (each answer on a clean screen: what it shows is what it does now)
    process.stdout.write(`\x1b[2J\x1b[H${working ? 'busy with it' : 'got it\r\n> '}`);
    if (working) return;
    const edit = process.env.RECORD_EDIT;
    if (edit) {
      const [file, line, ...text] = edit.split(':');
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines[Number(line) - 1] = text.join(':');
      fs.writeFileSync(file, lines.join('\n'));
    }
  } else {
    if (!pasting) line += s;
    process.stdout.write(s.replace(/\x1b\[20[01]~/g, '').replace(/\n/g, '\r\n'));
  }
});

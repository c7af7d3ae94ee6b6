// Structure before words: a CLI's working row is recognised by what every release keeps, so a new
// label, a rebound interrupt key or a hidden hint still reads running. Each case here is a real
// captured screen (corpus/real-screens) changed the way another release or moment draws it: the
// header renamed, the hint reworded or gone; and the reverse: the same row moved up into history,
// under more of the transcript, reads as what the screen was (never running).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigRuntime } from '../../src/lua/runtime/config-runtime.js';
import { STATE, detect, repoRoot, screenOf, shippedRuntime, type CorpusCase } from '../support/status.js';

interface Case extends CorpusCase {
  program: string;
  version?: string;
  title?: string;
}

let rt: ConfigRuntime;
beforeAll(async () => {
  rt = (await shippedRuntime()).rt;
});
afterAll(() => rt?.dispose());

const cases = (cli: string) =>
  JSON.parse(fs.readFileSync(path.join(repoRoot, 'corpus/real-screens', `${cli}.json`), 'utf8')) as Case[];

// Settled (quiet 5 s) and without its title: the screen alone must say it.
const read = (c: Case, screen: string) =>
  detect(rt, c.program, screenOf(screen, { quiet: 5, state: 'idle' }), false, c.version)?.state;

// Codex's live status row: "• Working (12s • esc to interrupt)", "◦ Planning the change (3s • esc to interrupt)".
const CODEX_ROW = /^([•◦]) (.+?) \((\d+(?:m \d+)?[smh]) • esc to interrupt\)\s*$/m;

describe('Codex: the live status row by its shape', () => {
  const running = cases('codex').filter((c) => c.expected === 'busy' && CODEX_ROW.test(c.screen));
  const idle = cases('codex').filter((c) => c.expected === 'idle' && /^› /m.test(c.screen));

  it(`has real running screens with the row to change (${running.length})`, () => {
    expect(running.length).toBeGreaterThan(10);
  });

  const variants: Array<[string, (m: string[]) => string]> = [
    ['a header never captured', (m) => `${m[1]} Exploring (${m[3]} • esc to interrupt)`],
    [
      'a reasoning header of its own',
      (m) => `${m[1]} Untangling the flux capacitor (${m[3]} • esc to interrupt)`,
    ],
    ['the interrupt key rebound', (m) => `${m[1]} Searching (${m[3]} • ctrl+c to interrupt)`],
    ['the hint hidden (an approval pending for a parallel call)', (m) => `${m[1]} Running a tool (${m[3]})`],
    ['the hint cut at a narrow width', (m) => `${m[1]} ${m[2]} (${m[3]} • esc to interr…`],
  ];
  for (const [what, row] of variants) {
    it(`reads running with ${what}`, () => {
      const wrong = running
        .map((c) => ({ c, s: c.screen.replace(CODEX_ROW, (...m) => row(m as string[])) }))
        .filter(({ c, s }) => read(c, s) !== 'running')
        .map(({ c }) => c.name);
      expect(wrong).toEqual([]);
    });
  }

  it('a status-like row in history (more transcript under it) never reads running', () => {
    const wrong = idle
      .map((c) => {
        const lines = c.screen.split('\n');
        const at = lines.findIndex((l) => l.startsWith('› '));
        // Over the last prompt's block: the row, then an answer, then the prompt.
        const s = [
          ...lines.slice(0, at),
          '• Exploring (12s)',
          '',
          '• The build is fine.',
          '',
          ...lines.slice(at),
        ].join('\n');
        return { c, s };
      })
      .filter(({ c, s }) => read(c, s) === 'running')
      .map(({ c }) => c.name);
    expect(idle.length).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });

  it('every idle screen with a finished turn ("Worked for 12s") stays idle', () => {
    const worked = cases('codex').filter((c) => c.expected === 'idle' && /Worked for \d/.test(c.screen));
    expect(worked.filter((c) => read(c, c.screen) !== STATE.idle).map((c) => c.name)).toEqual([]);
  });
});

describe('OpenCode: the footer under the input box by its shape', () => {
  const running = cases('opencode').filter((c) => c.expected === 'busy' && /esc interrupt/.test(c.screen));
  const idle = cases('opencode').filter((c) => c.expected === 'idle');
  const noHint = (s: string) => s.replace(/ {1,2}esc interrupt/, '');

  it(`has real running screens with the hint (${running.length}), of 0.x and 1.x`, () => {
    expect(new Set(running.map((c) => c.version!.split('.')[0])).size).toBe(2);
  });

  const variants: Array<[string, (s: string) => string]> = [
    ['the hint reworded ("esc to interrupt")', (s) => s.replace('esc interrupt', 'esc to interrupt')],
    [
      'no hint, the pulse as one cycling block before a task text',
      (s) => noHint(s).replace(/[⬝■]{8}|working\.*/, '▓ Generating...'),
    ],
    ['no hint, the pulse alone', (s) => noHint(s).replace(/working\.*/, '░░▒▓'.padEnd(8, '█'))],
    [
      'no hint, a task text after the pulse',
      (s) => noHint(s).replace(/[⬝■]{8}|working\.*/, '█ Waiting for tool response...'),
    ],
  ];
  for (const [what, change] of variants) {
    it(`reads running with ${what}`, () => {
      const changed = running.map((c) => ({ c, s: change(c.screen) }));
      expect(changed.filter(({ c, s }) => s === c.screen).map(({ c }) => c.name)).toEqual([]);
      expect(changed.filter(({ c, s }) => read(c, s) !== 'running').map(({ c }) => c.name)).toEqual([]);
    });
  }

  it('1.x: a task text alone on a line of the transcript is the answer, not work', () => {
    const v1 = idle.filter((c) => !c.version!.startsWith('0.'));
    const wrong = v1
      .map((c) => {
        const lines = c.screen.split('\n');
        const at = Math.max(0, lines.length - 12);
        return { c, s: [...lines.slice(0, at), 'Generating...', ...lines.slice(at + 1)].join('\n') };
      })
      .filter(({ c, s }) => read(c, s) === 'running')
      .map(({ c }) => c.name);
    expect(v1.length).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });
});

describe('Claude Code: the spinner row over the box by its shape', () => {
  // "✻ Ruminating… (19s · ↑ 0 tokens · esc to interrupt)" (1.0.30), "✻ Herding… (esc to interrupt · 10s · ↓ 12 tokens)".
  const ROW = /^(\S+) (\S+…) \(([^)\n]*esc to interrupt[^)\n]*)\)/m;
  const running = cases('claude').filter((c) => c.expected === 'busy' && ROW.test(c.screen));

  it(`has real running screens of 1.x and 2.x with the row (${running.length})`, () => {
    expect(new Set(running.map((c) => c.version!.split('.')[0])).size).toBe(2);
  });

  const variants: Array<[string, (m: string[]) => string]> = [
    ['a spinner word never seen', (m) => `${m[1]} Frobnicating… (${m[3]})`],
    [
      'the hint reworded (a rebound key)',
      (m) => `${m[1]} ${m[2]} (${m[3].replace('esc to interrupt', 'ctrl+c to interrupt')})`,
    ],
    ['the hint gone, the elapsed time left', (m) => `${m[1]} ${m[2]} (12s`],
  ];
  for (const [what, row] of variants) {
    it(`reads running with ${what}`, () => {
      const wrong = running
        .map((c) => ({ c, s: c.screen.replace(ROW, (...m) => row(m as string[])) }))
        .filter(({ c, s }) => read(c, s) !== 'running')
        .map(({ c }) => c.name);
      expect(wrong).toEqual([]);
    });
  }
});

describe('Claude Code: a background agent at work, listed under the footer', () => {
  // "  ◯ general-purpose  Clean the build        14s · ↓ 15 tokens" (2.1.332), while the turn waits for it.
  const ROW = /^(\s+\S+ )(\S+)(\s+)(.+?)(\s{2,})(\d+[smh]) · ↓ (\d+) tokens$/m;
  const running = cases('claude').filter((c) => c.expected === 'busy' && ROW.test(c.screen));
  it(`has real running screens with the row (${running.length})`, () =>
    expect(running.length).toBeGreaterThan(1));
  it('reads running with another kind of agent, task, time and token count', () => {
    const wrong = running
      .map((c) => ({
        c,
        s: c.screen.replace(ROW, (...m) => `${m[1]}Explore${m[3]}Map the tests${m[5]}1m 05s · ↑ 2.3k tokens`),
      }))
      .filter(({ c, s }) => read(c, s) !== 'running')
      .map(({ c }) => c.name);
    expect(wrong).toEqual([]);
  });
  it('the same row above the input box (the transcript) is no work', () => {
    const wrong = running
      .map((c) => {
        const row = ROW.exec(c.screen)![0];
        const lines = c.screen.replace(ROW, '').split('\n');
        const top = lines.findIndex((l) => /^─{20,}/.test(l));
        return { c, s: [...lines.slice(0, top), row, ...lines.slice(top)].join('\n') };
      })
      .filter(({ c, s }) => read(c, s) === 'running')
      .map(({ c }) => c.name);
    expect(wrong).toEqual([]);
  });
});

describe('Pi (the structural rules): the spinner row wherever the live block puts it', () => {
  const ROW = /^ ([\u2801-\u28ff]) (Working\.\.\.)\s*$/m;
  const running = cases('pi').filter((c) => c.expected === 'busy' && ROW.test(c.screen));
  it(`has real running screens with the row (${running.length})`, () =>
    expect(running.length).toBeGreaterThan(2));
  it('reads running with the row moved into the footer under the box, with a hint and a timer', () => {
    const wrong = running
      .map((c) => {
        const lines = c.screen.replace(ROW, '').split('\n');
        return { c, s: [...lines, ' ⠋ Thinking (12s · esc to interrupt)'].join('\n') };
      })
      .filter(({ c, s }) => read(c, s) !== 'running')
      .map(({ c }) => c.name);
    expect(wrong).toEqual([]);
  });
});

// Nothing an agent wrote reaches a terminal raw (docs/security.md): an agent of a real hub server
// reports a reason that would set your clipboard (OSC 52), clear your screen and retitle your
// terminal, names its child and titles itself with sequences, and its transcript, a review comment
// on its work and an improvement's source carry them too. Every human printer of the CLI shows
// their printable text and no control; --json keeps the text exactly.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exec } from '../support/fleet.js';
import { BIN, killKeepers, killServer } from '../support/cli-pty.js';
import { sleep, tempHome, until } from '../support/hub.js';
import { ImprovementHistory } from '../../src/reload/improvement-history.js';
import { WaitingImprovements } from '../../src/improvements/waiting.js';
import { writeLock } from '../../src/plugins/lock.js';

const started: Array<{ home: string; child: ChildProcess }> = [];
afterEach(() => {
  for (const { home, child } of started.splice(0)) {
    killServer(home);
    child.kill('SIGKILL');
    killKeepers(home);
  }
});

/** A control a terminal acts on: C0 but line feed and tab, DEL, C1 (ESC among them). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const ESC = '\x1b';
const BEL = '\x07';
/** The clipboard, the screen, the title, an 8-bit CSI, a DCS, a DEL: all between printable words. */
const EVIL = `${ESC}]52;c;cm0gLXJmIH4=${BEL}${ESC}[2J${ESC}[H${ESC}]0;pwned${BEL}\x9b2J${ESC}P+q${ESC}\\\x7f`;
/** As sh's printf writes it (octal; U+009B as its two UTF-8 bytes). */
const shEvil = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      b < 0x20 || b >= 0x7f || b === 0x5c || b === 0x27 || b === 0x25
        ? `\\${b.toString(8).padStart(3, '0')}`
        : String.fromCharCode(b),
    )
    .join('');

describe('the human printers of the CLI print only printable text', () => {
  it("agents, ls, status, wait, read, events, search, review comments, improvements, plugin ls: an agent's sequences are taken out, its words kept", async () => {
    const root = tempHome();
    const home = path.join(root, '.botster');
    const claude = path.join(root, 'claude');
    const repo = path.join(root, 'repo');
    fs.mkdirSync(repo);
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
        stdio: 'ignore',
      });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(repo, 'app.js'), 'const a = 1;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'start');
    fs.writeFileSync(path.join(repo, 'app.js'), 'const a = 2;\n');
    // Its transcript, as Claude Code keeps it (the JSON escapes the sequences; search reads them back).
    fs.mkdirSync(path.join(claude, 'projects', 'p'), { recursive: true });
    const said = {
      type: 'assistant',
      timestamp: '2026-11-27T07:00:00.000Z',
      message: { role: 'assistant', content: [{ type: 'text', text: `TRANSCRIPT-OK${EVIL} words after` }] },
    };
    fs.writeFileSync(path.join(claude, 'projects', 'p', 'c0ffee.jsonl'), JSON.stringify(said) + '\n');
    // An improvement whose source and reasoning carry them.
    new ImprovementHistory(home).accept('evil', `-- SOURCE-OK${EVIL} end\nlocal x = 1\n\treturn x\n`, {
      agentId: '1',
      decision: 'autonomous',
      confidence: 0.9,
      reasoning: 'made by hand',
    });
    // A plugin whose lock entry (its files' words) carries them.
    writeLock(home, {
      version: 1,
      plugins: {
        evil: {
          name: 'evil',
          kind: 'folder',
          source: `/plugins/SOURCE-OK${EVIL}/x`,
          version: '1.0.0',
          wants: [],
          granted: [],
          enabled: true,
        },
      },
    } as never);
    const script = path.join(root, 'evil.sh');
    const go = path.join(root, 'go');
    const ran = path.join(root, 'ran');
    fs.writeFileSync(
      script,
      [
        // (a title can hold a DEL and C0 controls: xterm ends it at BEL, ST, ESC or a C1)
        `printf '${shEvil(`${ESC}]2;TITLE-OK\x7f\x01 tail${ESC}\\`)}'`,
        // (and colours, that read --ansi keeps)
        `printf '${shEvil(`${ESC}[31mRED-OK${ESC}[0m plain\n`)}'`,
        `while [ ! -e ${go} ]; do sleep 0.05; done`,
        // (a name with sequences is refused where it is set: src/agents/agent-names.ts)
        `botster-tui new --name "$(printf '${shEvil(`kid${ESC}]52;c;Zm9v${BEL}-OK`)}')" -- cat >/dev/null 2>&1 || botster-tui new --name kid-OK -- cat >/dev/null`,
        `botster-tui report --state waiting --session c0ffee --reason "$(printf '${shEvil(`REASON-OK${EVIL} still`)}')"`,
        `echo ran > ${ran}`,
        'exec sleep 600',
      ].join('\n') + '\n',
    );
    const env = { BOTSTER_HOME: home, CLAUDE_CONFIG_DIR: claude };
    const cli = (...args: string[]) => exec(process.execPath, [BIN, ...args], env, { cwd: repo });
    const serverEnv: NodeJS.ProcessEnv = { ...process.env, CI: 'true', ...env };
    delete serverEnv.BOTSTER_SOCKET;
    delete serverEnv.BOTSTER_AGENT_ID;
    const child = spawn(process.execPath, [BIN, 'server', '--home', home, '--agent', `sh ${script}`], {
      cwd: repo,
      env: serverEnv,
      stdio: 'ignore',
    });
    started.push({ home, child });
    await until('the server answers', async () => (await cli('agents', '--json')).status === 0, 30000);
    // `events` follows the hub: it sees the child started under its name and the reason said.
    const events = spawn(process.execPath, [BIN, 'events'], {
      env: serverEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let followed = '';
    events.stdout.on('data', (d: Buffer) => (followed += d.toString('utf8')));
    await sleep(1000);
    fs.writeFileSync(go, '');
    await until('the agent ran its script', () => fs.existsSync(ran), 30000);
    await until(
      'events showed the child and the reason',
      () => followed.includes('kid-OK') && followed.includes('REASON-OK'),
      20000,
    );
    events.kill('SIGTERM');
    expect(CONTROL.exec(followed)?.[0]).toBeUndefined();
    expect(followed).toContain('waiting: REASON-OK still');
    const agents = JSON.parse((await cli('agents', '--json')).stdout) as Array<{
      id: string;
      name: string;
      reason: string | null;
    }>;
    const evil = agents.find((a) => a.reason?.includes('REASON-OK'))!;
    // --json keeps what the agent said, exactly (as JSON escapes it).
    expect(evil.reason).toBe(`REASON-OK${EVIL} still`);
    // Its name with sequences was refused; the plain one is listed.
    expect(agents.map((a) => a.name)).toContain('kid-OK');
    expect(agents.some((a) => a.name.includes(ESC))).toBe(false);
    expect((await cli('review', 'comment', evil.id, 'app.js:1', `COMMENT-OK${EVIL} done`)).status).toBe(0);
    // (what waits for your answer: written once the hub runs, as a hub clears what a dead one left)
    new WaitingImprovements(home).save({
      name: 'asks',
      agent_id: evil.id,
      reasoning: `REASONING-OK${EVIL} why`,
      at: new Date().toISOString(),
    });

    const shown: Array<[string[], string[]]> = [
      [['agents'], ['REASON-OK still', 'kid-OK', '"TITLE-OK tail"']],
      [['ls'], ['REASON-OK still', 'kid-OK']],
      [['status', evil.id], ['waiting — REASON-OK still']],
      [
        ['status', evil.id, '--explain'],
        ['waiting — REASON-OK still', '(title "TITLE-OK tail"'],
      ],
      [['wait', evil.id, '--until', 'waiting'], ['waiting: REASON-OK still']],
      [['read', evil.id], ['RED-OK plain']],
      [['search', 'TRANSCRIPT-OK'], ['transcript 2026-11-27T07:00:00  TRANSCRIPT-OK words after']],
      [['review', 'comments', evil.id], ['app.js:1  new  COMMENT-OK done']],
      [
        ['improvements', 'list'],
        ['REASONING-OK why', 'evil  live v1'],
      ],
      [
        ['improvements', 'show', 'evil'],
        ['SOURCE-OK', ' end\nlocal x = 1\n\treturn x'],
      ],
    ];
    for (const [args, words] of shown) {
      const r = await cli(...args);
      expect({ args, stderr: r.stderr, status: r.status }).toEqual({ args, stderr: '', status: 0 });
      expect({ args, control: CONTROL.exec(r.stdout)?.[0] }).toEqual({ args, control: undefined });
      for (const w of words) expect(r.stdout, args.join(' ')).toContain(w);
      expect(r.stdout).not.toContain('52;c;');
    }
    // read --ansi: the screen's colours, and no other sequence.
    const ansi = await cli('read', evil.id, '--ansi');
    expect(ansi.stdout).toMatch(/\x1b\[[0-9;]*31[0-9;]*mRED-OK/);
    expect(CONTROL.exec(ansi.stdout.replace(/\x1b\[[0-9;:]*m/g, ''))?.[0]).toBeUndefined();
  }, 90000);
});

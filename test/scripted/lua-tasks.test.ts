// Lua reaching the outside world in a real hub (its Lua worker, its keys, its frames): timers,
// http against a loopback server, real processes and a real git repository. The agents and the
// hub's clock are the test's; the tasks run on real time in the worker.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScriptedHub } from '../support/scripted-hub.js';
import { useHub } from '../support/use-hub.js';

const hubs = useHub();
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A loopback server; `seen` keeps each request's method, url, headers and body. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** A hub whose user file binds `z` (normal mode) to `body` as a key function of app. */
function hubWith(body: string, extra: Record<string, string> = {}): Promise<ScriptedHub> {
  return hubs.scripted({
    files: { 'user/t.lua': `keys.bind("normal", "z", function(app)\n${body}\nend)`, ...extra },
    agents: [{ command: 'cat' }],
  });
}

const notice = (t: ScriptedHub) => t.hub.state.notice?.text ?? '';
const noticeIs = (t: ScriptedHub, re: RegExp) => t.until(() => re.test(notice(t)), `a notice matching ${re}`);

describe('http', () => {
  it('http.get waits in a coroutine; the server sees only what Lua sent (no cookie, no token)', async () => {
    const srv = await serve((_req, res) => res.end('hello'));
    const t = await hubWith(`local res = http.get("${srv.url}/x?y=1")
      app:notify("got " .. res.status .. " " .. res.body .. " " .. tostring(res.ok))`);
    await t.press('\x07z');
    await noticeIs(t, /^got 200 hello true$/);
    expect(srv.seen[0]).toMatchObject({ method: 'GET', url: '/x?y=1' });
    const names = Object.keys(srv.seen[0].headers);
    expect(names.filter((h) => /cookie|authorization|token|botster/i.test(h))).toEqual([]);
  });

  it('http.post with a json body and a callback; headers arrive lowercase', async () => {
    const srv = await serve((req, res, body) => {
      res.setHeader('X-Echo', String(req.headers['x-title']));
      res.end(JSON.stringify({ got: JSON.parse(body), type: req.headers['content-type'] }));
    });
    const t =
      await hubWith(`http.post("${srv.url}/p", { list = { 1, 2 }, name = "n" }, { headers = { ["X-Title"] = "T" } }, function(res, app)
        local v = json.decode(res.body)
        app:notify(res.headers["x-echo"] .. " " .. v.type .. " " .. json.encode(v.got))
      end)`);
    await t.press('\x07z');
    await noticeIs(t, /^T application\/json \{"list":\[1,2\],"name":"n"\}$/);
    expect(srv.seen[0].method).toBe('POST');
  });

  it('an Authorization header set in Lua is not sent on to another host by a redirect', async () => {
    const srv = await serve((req, res) => {
      const port = (req.socket.address() as AddressInfo).port;
      if (req.url === '/same') res.writeHead(302, { location: '/other' }).end();
      else if (req.url === '/other') res.writeHead(302, { location: `http://localhost:${port}/final` }).end();
      else res.end('at ' + req.url);
    });
    const t =
      await hubWith(`local res = http.get("${srv.url}/same", { headers = { Authorization = "Bearer s3cret" } })
      app:notify(res.body .. " " .. res.url)`);
    await t.press('\x07z');
    await noticeIs(t, /^at \/final http:\/\/localhost:\d+\/final$/);
    expect(srv.seen.map((r) => [r.url, r.headers.authorization ?? null])).toEqual([
      ['/same', 'Bearer s3cret'],
      ['/other', 'Bearer s3cret'],
      ['/final', null],
    ]);
  });

  it('a slow server delays no key; its timeout is an error value', async () => {
    const srv = await serve(() => {}); // never answers
    const t = await hubWith(`local res = http.get("${srv.url}/slow", { timeout = 300 })
      app:notify("res " .. tostring(res.status) .. " " .. res.error)`);
    await t.press('\x07z');
    await t.press('i'); // insert mode: keys go to the agent while the request waits
    await t.press('typing');
    expect(t.agent('cat').received).toContain('typing');
    await noticeIs(t, /^res nil GET http:\/\/127\.0\.0\.1:\d+\/slow: no answer within 300 ms \(timeout\)$/);
  });

  it('a huge answer is cut off at max_bytes; a redirect loop stops', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const srv = await serve((req, res) => {
      if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' });
        return res.end();
      }
      const pump = () => {
        while (res.write(chunk));
      };
      res.on('drain', pump);
      pump(); // forever (a 1 GB answer, as far as the client knows)
    });
    const t = await hubWith(`local big = http.get("${srv.url}/big")
      local loop = http.get("${srv.url}/loop")
      app:notify(big.error .. " | " .. loop.error)`);
    await t.press('\x07z');
    await noticeIs(t, /over 5242880 bytes \(max_bytes\) and was cut off \| .*more than 5 redirects/);
  });

  it('no callback and no coroutine (a file loading) is an error at its line', async () => {
    const t = await hubs.scripted({
      files: { 'user/t.lua': 'local x = 1\nhttp.get("http://127.0.0.1:9/")' },
    });
    await t.until(
      () => /t\.lua:2: http\.get: pass a function/.test(t.hub.state.configError ?? ''),
      'the error',
    );
  });
});

describe('timer', () => {
  it('after fires once, every until stopped; a callback error is file:line', async () => {
    const t = await hubWith(`local n = 0
      local h
      h = timer.every(100, function(app)
        n = n + 1
        if n == 3 then h:stop(); timer.after(1, function() error("boom " .. n) end) end
      end)`);
    await t.press('\x07z');
    await noticeIs(t, /user\/t\.lua:6: boom 3$/);
  });

  it('1000 timers of 1 ms are bounded; the 1001st is refused; the hub stays responsive', async () => {
    const t = await hubWith(`local fired = 0
      for i = 1, 1000 do timer.after(1, function(app) fired = fired + 1; if fired == 1000 then app:notify("all fired") end end) end
      local ok, err = pcall(timer.every, 1, function() end)
      if ok then app:notify("not refused") end
      for i = 1, 1000 do timer.every(1, function() end) end`);
    await t.press('\x07z');
    await noticeIs(t, /^all fired$/);
    await t.press('i');
    await t.press('still here');
    expect(t.agent('cat').received).toContain('still here');
  });

  it("a file's timers stop when it reloads", async () => {
    const t = await hubs.scripted({
      files: {
        'user/t.lua': 'N = 0\ntimer.every(100, function(app) N = N + 1; app:notify("tick " .. N) end)',
      },
    });
    await t.until(() => Number(/^tick (\d+)$/.exec(notice(t))?.[1]) >= 2, 'two ticks');
    await t.save('user/t.lua', 'timer.after(1, function(app) app:notify("reloaded") end)');
    await noticeIs(t, /^reloaded$/);
    await new Promise((r) => setTimeout(r, 400));
    expect(notice(t)).toBe('reloaded');
  });
});

describe('process.run', () => {
  it('runs a command with input; code, stdout, stderr', async () => {
    const t =
      await hubWith(`local r = process.run{ cmd = "sh", args = { "-c", "cat; echo err >&2; exit 3" }, input = "in\\n" }
      app:notify(r.code .. " " .. r.stdout:gsub("\\n", "") .. " " .. r.stderr:gsub("\\n", "") .. " " .. tostring(r.ok))`);
    await t.press('\x07z');
    await noticeIs(t, /^3 in err false$/);
  });

  it("hands on the hub's environment without the hub's own variables; a missing folder says so", async () => {
    process.env.BOTSTER_SOCKET = '/tmp/not-for-lua.sock';
    process.env.LUA_TASKS_TEST = 'kept';
    let t: ScriptedHub;
    try {
      t =
        await hubWith(`local r = process.run{ cmd = "sh", args = { "-c", "echo $LUA_TASKS_TEST:$BOTSTER_SOCKET:" } }
        local gone = process.run{ cmd = "sh", cwd = "/no/such/folder" }
        app:notify(r.stdout:gsub("\\n", "") .. " " .. gone.error)`);
    } finally {
      delete process.env.BOTSTER_SOCKET; // (the hub's Lua worker took its copy)
      delete process.env.LUA_TASKS_TEST;
    }
    await t.press('\x07z');
    await noticeIs(t, /^kept:: sh: no folder \/no\/such\/folder \(cwd\)$/);
  });

  it('a process that never ends is stopped at its timeout; one that prints forever at the output limit', async () => {
    const t = await hubWith(`local a = process.run{ cmd = "sleep", args = { "100" }, timeout = 300 }
      local b = process.run{ cmd = "yes" }
      local c = process.run{ cmd = "no-such-program-here" }
      app:notify(a.error .. " | " .. b.error .. " | " .. c.error)`);
    await t.press('\x07z');
    await noticeIs(
      t,
      /^sleep: still running after 300 ms \(timeout\) and was stopped \| yes: printed over \d+ bytes and was stopped \| no-such-program-here: not found$/,
    );
  });
});

describe('git', () => {
  it('status, branch, log, diff_stat and remote_url of a real repository', async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-git-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=T', '-c', 'user.email=t@x', 'commit', '-q', '--allow-empty', '-m', 'first');
    fs.writeFileSync(path.join(repo, 'a.txt'), 'one\n');
    git('add', 'a.txt');
    git('-c', 'user.name=T', '-c', 'user.email=t@x', 'commit', '-q', '-m', 'second');
    fs.writeFileSync(path.join(repo, 'a.txt'), 'one\ntwo\n');
    fs.writeFileSync(path.join(repo, 'new.txt'), 'x');
    git('remote', 'add', 'origin', 'https://example.com/o/r.git');
    try {
      const t = await hubWith(`local st = git.status("${repo}")
        local files = {}
        for _, f in ipairs(st.files) do files[#files + 1] = f.index .. f.worktree .. f.path end
        table.sort(files)
        local log = git.log{ cwd = "${repo}", max = 5 }
        local d = git.diff_stat("${repo}")
        local _, err = git.branch("/")
        app:notify(table.concat({ st.branch, tostring(st.clean), table.concat(files, ","), git.branch("${repo}"),
          #log .. ":" .. log[1].subject .. ":" .. log[2].subject, d.added .. "+" .. d.removed .. "-" .. d.files[1].path,
          git.remote_url("${repo}"), tostring(err) }, " "))`);
      await t.press('\x07z');
      await noticeIs(
        t,
        /^main false  Ma\.txt,\?\?new\.txt main 2:second:first 1\+0-a\.txt https:\/\/example\.com\/o\/r\.git git\.branch \/: not a git repository/,
      );
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});

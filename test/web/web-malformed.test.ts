import { describe, expect, it } from 'vitest';
import { isAlive } from '../support/process-alive.js';
import { until } from '../support/wait.js';
import { frame } from '../support/web/fuzz-cases.js';
import { rawSend, upgradeRequest } from '../support/web/raw-http.js';
import { fetchPage, hubLog, realWebHubs, serverPid } from '../support/web/real-web-hub.js';

// Malformed input to the web of a real hub server process: refused with a 4xx and a line in the
// hub's log, never a crash. The first case is the review's reproduction: an upgrade with the cookie
// `x=%E0%A4%A` (no session, the right Host and Origin) threw in the cookie parser outside any
// handler, the server stopped "(an internal error)" and never exited.

const start = realWebHubs();

describe('the web refuses malformed input and runs on', () => {
  it('an upgrade with a cookie that is not valid percent-encoding: 401 or 400, a log line, the same server', async () => {
    const h = await start();
    const foreign = await rawSend(h.port, upgradeRequest(h.port, { Cookie: 'x=%E0%A4%A' }));
    // Not the hub's cookie (another site on this host may set one): no session, so 401.
    expect(foreign.status).toBe(401);
    const own = await rawSend(
      h.port,
      upgradeRequest(h.port, { Cookie: `botster_session_${h.port}=%E0%A4%A` }),
    );
    expect(own.status).toBe(400);
    await until('the refusals are in the log', () => /web: refused .*malformed cookie/.test(hubLog(h.home)));
    expect(hubLog(h.home)).not.toContain('uncaught');
    expect(serverPid(h.home)).toBe(h.pid);
    expect(isAlive(h.pid)).toBe(true);
    // The user's session goes on, a foreign cookie that does not decode beside it changes nothing.
    const both = await rawSend(h.port, upgradeRequest(h.port, { Cookie: `x=%E0%A4%A; ${h.cookie}` }));
    expect(both.status).toBe(101);
    expect((await fetchPage(`${h.base}/`, `x=%E0%A4%A; ${h.cookie}`)).status).toBe(200);
  }, 60000);

  it('paths and queries that do not decode, and addresses that are not a path: 400', async () => {
    const h = await start();
    const get = (target: string, extra = '') =>
      rawSend(
        h.port,
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nCookie: ${h.cookie}\r\n${extra}\r\n`,
      );
    for (const target of [
      '/%E0%A4%A',
      '/agents/%zz',
      '/?q=%E0%A4%A',
      '/login?token=%ff%',
      '//evil.example/x',
      '*',
    ])
      expect((await get(target)).status, target).toBe(400);
    for (const target of ['/%E0%A4%A', '//x', '*'])
      expect(
        (await rawSend(h.port, upgradeRequest(h.port, { Cookie: h.cookie }, target))).status,
        target,
      ).toBe(400);
    await until('said in the log', () => /web: refused .*malformed address/.test(hubLog(h.home)));
    expect(serverPid(h.home)).toBe(h.pid);
    expect((await fetchPage(`${h.base}/`, h.cookie)).status).toBe(200);
  }, 60000);

  it('frames no page sends close that socket with a code, and say so; the page goes on', async () => {
    const h = await start();
    const good = upgradeRequest(h.port, { Cookie: h.cookie });
    /** The code of the close frame the hub sent after its 101, or null. */
    const closeCode = async (frames: Buffer[]) => {
      const got = Buffer.from(
        (await rawSend(h.port, [good, ...frames], { untilClose: true })).text,
        'latin1',
      );
      const at = got.indexOf(Buffer.from([0x88]), got.indexOf('\r\n\r\n') + 4);
      return at < 0 ? null : got.readUInt16BE(at + 2);
    };
    expect(await closeCode([frame(1, Buffer.from([0xc3, 0x28]))])).toBe(1007); // not UTF-8
    expect(await closeCode([frame(2, Buffer.from('w1'))])).toBe(1003); // binary
    expect(await closeCode([frame(1, Buffer.from('x1'))])).toBe(1008); // no page sends it
    expect(await closeCode([frame(1, Buffer.alloc(8), { claimedLength: 2n ** 40n })])).toBe(1009);
    await until('said in the log', () => {
      const log = hubLog(h.home);
      return (
        /web: refused a WebSocket frame: .*UTF-8/.test(log) &&
        /web: refused a binary WebSocket frame/.test(log)
      );
    });
    expect(serverPid(h.home)).toBe(h.pid);
    expect((await fetchPage(`${h.base}/`, h.cookie)).status).toBe(200);
  }, 60000);
});

import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../support/hub.js';
import { BIN } from '../support/cli-pty.js';

// `botster-tui check user/routes.lua` lists the web routes the file registers (as it lists
// bindings, commands and hooks), the shipped ones it replaces among them, and never the others.

describe('check lists the routes a file registers', () => {
  it('each routes.get/post of the file, with its method, path and line', () => {
    const home = tempHome({
      'user/routes.lua': [
        'routes.get("/hello", function(req, app) return { hello = "world" } end)',
        'routes.post("/agents/:id/answer", function(req, app) return redirect("/") end)',
      ].join('\n'),
    });
    const file = path.join(home, 'user/routes.lua');
    const out = execFileSync(process.execPath, [BIN, 'check', file], { encoding: 'utf8' });
    expect(out).toContain(`${file}: ok`);
    expect(out).not.toContain('registers nothing');
    expect(out).toMatch(new RegExp(`route\\s+GET\\s+/hello\\s+\\(${file}:1\\)`));
    expect(out).toMatch(new RegExp(`route\\s+POST\\s+/agents/:id/answer\\s+\\(${file}:2\\)`));
    // Only the file's own: none of the shipped pages.
    expect(out.match(/route /g)).toHaveLength(2);
  });
});

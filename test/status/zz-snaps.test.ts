import fs from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { detect, screenOf, shippedRuntime } from './helpers.js';
it('snaps', async () => {
  const { rt } = await shippedRuntime();
  const dir = process.env.SNAPS ?? '/work/scratch/captures/raw/snaps';
  const out: string[] = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const d = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const program = d.program ?? f.split('-')[0];
    const v = detect(rt, program, screenOf(d.screen, { title: d.title ?? '', quiet: (d.quiet_ms ?? 2000) / 1000, state: d.current_state ?? 'running' }), false);
    out.push(`${f.padEnd(45)} ${String(v?.state).padEnd(8)} ${(v?.rule ?? '').padEnd(22)} ${v?.reason ?? ''} ${d.expected ? `| expected ${d.expected}` : ''} | title ${d.title}`);
  }
  fs.writeFileSync('/tmp/snaps-out.txt', out.join('\n'));
});

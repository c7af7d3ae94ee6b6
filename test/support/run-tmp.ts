import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Every temporary folder of a test run (homes, repos, the servers' own under os.tmpdir()) goes in
// one folder of the run's, removed when the run ends: two runs side by side never share one, and a
// machine that runs the suite all day does not gather tens of thousands of folders in /tmp.
// (Each project of the config runs it: the first makes the folder, the others keep it.)
export default function setup(): () => void {
  if (process.env.BOTSTER_RUN_TMP) return () => {};
  const before = process.env.TMPDIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botster-run-'));
  process.env.TMPDIR = dir;
  process.env.BOTSTER_RUN_TMP = dir;
  return () => {
    delete process.env.BOTSTER_RUN_TMP;
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

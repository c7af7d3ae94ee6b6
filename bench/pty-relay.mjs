// The least a node process can do between a terminal and an agent: the terminal's bytes to the
// agent's PTY, the PTY's bytes to the terminal, nothing parsed or drawn (node-pty, as the hub
// uses it). pane-echo.mjs types through it for the floor of any node program in that place.
import { spawnPty } from '../dist/pty/pty-process.js';

const [file, ...args] = process.argv.slice(2);
process.stdin.setRawMode(true);
const child = spawnPty({
  file,
  args,
  cwd: process.cwd(),
  env: process.env,
  cols: process.stdout.columns,
  rows: process.stdout.rows,
});
process.stdin.on('data', (d) => child.write(d.toString('latin1')));
child.onData((d) => process.stdout.write(d));
child.onExit(() => process.exit(0));
process.on('SIGHUP', () => child.kill('SIGHUP'));

import fs from 'node:fs';

/**
 * Runs `spawn` with every descriptor number below this process's highest PTY master taken, so the
 * new master lands above all the others.
 *
 * node-pty's prebuilt Linux binary (1.2.0-beta.15) leaves masters inheritable and, in the child,
 * marks descriptors close-on-exec from 3 upwards until the first one that is not open past 15.
 * The child's own master is closed there, so a master numbered above the new one (a gap that an
 * exited agent or a closed file left) survived into the new agent: it then held another agent's
 * terminal, and that agent was never hung up when the hub died. The fillers are /dev/null
 * (opened close-on-exec) and are closed right after the spawn.
 */
export function spawnAboveMasters<T>(spawn: () => T): T {
  if (process.platform !== 'linux') return spawn();
  const top = highestMaster();
  const fillers: number[] = [];
  try {
    while (top >= 0 && fillers.length < 65536) {
      const fd = fs.openSync('/dev/null', 'r');
      if (fd > top) {
        fs.closeSync(fd);
        break;
      }
      fillers.push(fd);
    }
    return spawn();
  } finally {
    for (const fd of fillers) fs.closeSync(fd);
  }
}

/** The highest descriptor of this process that is a PTY master, or -1. */
function highestMaster(): number {
  let top = -1;
  let names: string[];
  try {
    names = fs.readdirSync('/proc/self/fd');
  } catch {
    return -1;
  }
  for (const name of names) {
    const fd = Number(name);
    if (fd <= top) continue;
    try {
      if (fs.readlinkSync(`/proc/self/fd/${name}`) === '/dev/ptmx') top = fd;
    } catch {
      // closed while we looked
    }
  }
  return top;
}

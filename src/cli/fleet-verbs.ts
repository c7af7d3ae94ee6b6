// The fleet commands' names, in a file of their own: the command line's router reads them without
// loading the fleet's code (src/cli/fleet-commands.ts).
export const FLEET_VERBS = [
  'new',
  'wait',
  'read',
  'kill',
  'restart',
  'focus',
  'close',
  'run',
  'whoami',
  'search',
  'message',
];

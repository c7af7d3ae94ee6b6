// Writes N MB of coloured text to stdout as fast as the PTY takes it (the agent in the flood bench).
const total = Number(process.argv[2] ?? 50) * 1024 * 1024;
const colors = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94];
let chunk = '';
for (let i = 0; chunk.length < 64 * 1024; i++) {
  chunk += `\x1b[${colors[i % colors.length]}mline ${String(i).padStart(6, '0')} \x1b[1;38;5;${i % 256}mthe quick brown fox\x1b[0m jumps over \x1b[38;2;${i % 256};100;200mthe lazy dog\x1b[0m\r\n`;
}
const buf = Buffer.from(chunk);
let written = 0;
function pump() {
  while (written < total) {
    written += buf.length;
    if (!process.stdout.write(buf)) return process.stdout.once('drain', pump);
  }
}
pump();

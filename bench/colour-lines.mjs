// Prints N lines of 110 visible columns with a colour change every few words (what a coding agent's
// diff or log output looks like), then stays alive: the agent of the memory bench.
const [n = '5000', tag = '0', stay = '1'] = process.argv.slice(2);
const colors = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94];
const words = 'the quick brown fox jumps over lazy dog while agents write code and tests pass'.split(' ');
let out = '';
for (let i = 1; i <= Number(n); i++) {
  let line = `\x1b[2m${String(i).padStart(5)}\x1b[0m agent ${tag} `;
  let w = 6 + 7 + String(tag).length;
  for (let k = 0; w < 110; k++) {
    const word = words[(i + k) % words.length];
    const take = Math.min(word.length + 1, 110 - w);
    line += `\x1b[${colors[(i + k) % colors.length]}${k % 3 === 0 ? ';1' : ''}m${(word + ' ').slice(0, take)}`;
    w += take;
  }
  out += line + '\x1b[0m\r\n';
  if (out.length > 1 << 16) {
    process.stdout.write(out);
    out = '';
  }
}
process.stdout.write(out);
if (stay === '1') setInterval(() => {}, 1 << 30);

// Shell command lines as words: quotes and backslashes honoured, split into simple commands at
// unquoted `;`, `&`, `|`, `(`, `)` and newlines. Enough to name the program a line runs, not a shell.

/** The simple commands of a line, each its words; `control` when it has an unquoted control operator. */
export function scanShell(line: string): { commands: string[][]; control: boolean } {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let control = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end < 0 ? line.length : end;
      word += line.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (c === '"') {
      inWord = true;
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && i + 1 < line.length) i++;
        word += line[i];
      }
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (';&|()\n'.includes(c)) {
      control = true;
      endWord();
      if (words.length) commands.push(words);
      words = [];
    } else {
      word += c;
      inWord = true;
    }
  }
  endWord();
  if (words.length) commands.push(words);
  return { commands, control };
}

/** Words of each simple command of a line. */
export function simpleCommands(line: string): string[][] {
  return scanShell(line).commands;
}

/** All the words of a line; `control` is true when it runs more than one simple command. */
export function scanCommandLine(line: string): { words: string[]; control: boolean } {
  const { commands, control } = scanShell(line);
  return { words: commands.flat(), control };
}

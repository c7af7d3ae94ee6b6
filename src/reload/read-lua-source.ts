import fs from 'node:fs';

const BOM = 0xfeff;

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a file';
}

function refuse(shownAs: string, st: fs.Stats): Error {
  const err = new Error(
    st.isDirectory()
      ? `${shownAs}: is a folder, not a Lua file`
      : `${shownAs}: not a regular file (${kindOf(st)})`,
  ) as NodeJS.ErrnoException;
  err.code = st.isDirectory() ? 'EISDIR' : 'EFTYPE';
  return err;
}

/**
 * The text of a Lua file. Only a regular file is read: a FIFO, socket or device at that path
 * would block the hub's thread or never end, so it is an error naming the file. Opened
 * non-blocking, so a file swapped for a FIFO between the check and the open cannot block either.
 * A UTF-8 BOM at the start is dropped, as Lua's own loader does. A missing file throws ENOENT.
 */
export function readLuaSource(file: string, shownAs: string = file): string {
  const st = fs.statSync(file);
  if (!st.isFile()) throw refuse(shownAs, st);
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const now = fs.fstatSync(fd);
    if (!now.isFile()) throw refuse(shownAs, now);
    const text = fs.readFileSync(fd, 'utf8');
    return text.charCodeAt(0) === BOM ? text.slice(1) : text;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The script with every character past ASCII written as a `\uXXXX` escape. esbuild leaves a few in
 * regular expressions (`[─━═]`, `•`); one is enough for V8 to hold the whole source (which it keeps
 * for lazy compiles) as a two-byte string: 2.9 MB of the server's heap for the 1.5 MB cli.cjs,
 * instead of 1.5, and a slower read. An escape means the same code unit in a string, a template,
 * an identifier and a regular expression (with or without `u`, where an escaped surrogate pair is
 * one code point); an identity escape before such a character (`\•`) becomes the escape itself.
 */
export function asciiOnly(code) {
  return code.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, ch) => {
    const esc = `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    return (slashes.length % 2 ? slashes.slice(1) : slashes) + esc;
  });
}

/**
 * One ES module view of each node built-in for the whole script, not one per module that imports
 * it. A CommonJS bundle imports `node:fs` in a module as esbuild's `__toESM(require("node:fs"))`,
 * which copies every export of fs onto a new object as a getter: the server's 117 modules that
 * import fs, 124 path, 27 os, ... made ~16,000 getter functions, ~2 MB of its heap for as long as
 * it runs (and each one made at start). A built-in's exports are all there when it is required,
 * so one view made at the first import is what every later one would copy: those calls go through
 * a cache of them (the bundled CommonJS modules keep their own). Each call is rewritten in its own
 * place, padded to its length, and the cache is a function declared after the code: every column
 * of the code stays where the source map says it is.
 */
const VIEW = '__bv';

export function shareBuiltins(code) {
  // The helper as esbuild writes it minified: var N=(t,e,n)=>(n=t!=null?...
  const helper = /\bvar ([\w$]+)=\(([\w$]+),([\w$]+),([\w$]+)\)=>\(\4=\2!=null\?/.exec(code);
  if (!helper) throw new Error("esbuild's __toESM was not found; update scripts/shared-builtins.mjs");
  if (new RegExp(`\\b${VIEW}\\b`).test(code))
    throw new Error(`${VIEW} is taken; update scripts/shared-builtins.mjs`);
  const toEsm = helper[1];
  const esc = toEsm.replace(/\$/g, '\\$');
  const calls = new RegExp(`(?<![\\w$.])${esc}\\(require\\("(node:[\\w/]+)"\\)(,1)?\\)`, 'g');
  let n = 0;
  const out = code.replace(calls, (call, name, node) => {
    n++;
    const view = `${VIEW}(${JSON.stringify(name)}${node ?? ''})`;
    return view + ' '.repeat(call.length - view.length);
  });
  if (n === 0) return code;
  // (hoisted: declared after the code, called from anywhere in it)
  return `${out.replace(/\n?$/, '\n')}function ${VIEW}(name, node) { const views = (${VIEW}.views ??= Object.create(null)); return (views[name + (node ? ',1' : '')] ??= ${toEsm}(require(name), node)); }\n`;
}

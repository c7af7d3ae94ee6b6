/**
 * One ES module view of each node built-in for the whole script, not one per module that imports
 * it. A CommonJS bundle imports `node:fs` in a module as esbuild's `__toESM(require("node:fs"))`,
 * which copies every export of fs onto a new object as a getter: the server's 117 modules that
 * import fs, 124 path, 27 os, ... made ~16,000 getter functions, ~1.5 MB of its heap for as long
 * as it runs (and each one made at start). A built-in's exports are all there when it is required,
 * so one view made at the first import is what every later one would copy; the calls on
 * `require("node:...")` go through a cache of them (the bundled CommonJS modules keep their own).
 */
export function shareBuiltins(code) {
  // The helper as esbuild writes it minified: var N=(t,e,n)=>(n=t!=null?...
  const helper = /\bvar ([\w$]+)=\(([\w$]+),([\w$]+),([\w$]+)\)=>\(\4=\2!=null\?/.exec(code);
  if (!helper) throw new Error("esbuild's __toESM was not found; update scripts/shared-builtins.mjs");
  const toEsm = helper[1];
  const esc = toEsm.replace(/\$/g, '\\$');
  const calls = new RegExp(`(?<![\\w$.])${esc}\\(require\\("(node:[\\w/]+)"\\)(,1)?\\)`, 'g');
  const cache = '__botsterBuiltinViews';
  let n = 0;
  const out = code.replace(calls, (_, name, node) => {
    n++;
    return `(${cache}[${JSON.stringify(name + (node ?? ''))}]??=${toEsm}(require(${JSON.stringify(name)})${node ?? ''}))`;
  });
  if (n === 0) return code;
  // Declared before the first line that can import (the helper's own line comes first).
  return out.replace(helper[0], `var ${cache}=Object.create(null);${helper[0]}`);
}

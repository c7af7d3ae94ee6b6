// string-width builds `/^\p{RGI_Emoji}$/v` when it loads, and V8 spends 15-100 ms expanding that
// property of strings (parsing it, even as a literal in a function never called, costs as much). Only
// text with emoji or marks reaches string-width (src/ui/screen/text-width.ts), so build it on first use.
import fs from 'node:fs/promises';

const EAGER = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const LAZY =
  "let rgiEmoji; const rgiEmojiRegex = { test: (s) => (rgiEmoji ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(s) };";

export const lazyUnicode = {
  name: 'lazy-unicode',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const src = await fs.readFile(args.path, 'utf8');
      // A new string-width that reads differently fails the build here rather than going slow unnoticed.
      if (!src.includes(EAGER))
        throw new Error(`${args.path}: "${EAGER}" not found; update scripts/lazy-unicode.mjs`);
      return { contents: src.replace(EAGER, () => LAZY), loader: 'js' };
    });
  },
};

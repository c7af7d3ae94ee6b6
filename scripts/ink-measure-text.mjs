// Ink's measure-text.js in the bundle: the same measure, with a cache that forgets (see bundle-options.mjs).
export { measureText as default } from '../src/ui/paint/text-measure.ts';

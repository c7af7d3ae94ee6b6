// Ink's wrap-text.js in the bundle: the same wrapping, with a cache that forgets (see bundle-options.mjs).
export { wrapText as default } from '../src/ui/paint/text-measure.js';

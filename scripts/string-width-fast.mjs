// The bundle's `string-width` (used by Ink to measure text): same results, fast path first.
export { textWidth as default } from '../src/ui/screen/text-width.ts';

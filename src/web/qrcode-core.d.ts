// qrcode's core alone (no PNG or canvas renderers): the types of its full entry's create().
declare module 'qrcode/lib/core/qrcode.js' {
  import type { create } from 'qrcode';
  const core: { create: typeof create };
  export default core;
}

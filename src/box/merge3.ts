// A three-way merge of JSON values: what `theirs` changed since `base` wins, what only `ours`
// changed stays. Objects merge key by key; anything else (arrays, strings, numbers) is one value.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: Json | undefined): v is { [k: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b);

/**
 * `ours` with what changed from `base` to `theirs`: a key `theirs` added or changed takes its value
 * (objects on both sides merge again below it), one `theirs` removed goes, one only `ours` changed
 * or added stays.
 */
export function merge3(base: Json | undefined, ours: Json, theirs: Json): Json {
  if (!isObject(ours) || !isObject(theirs)) return same(theirs, base) ? ours : theirs;
  const was = isObject(base) ? base : {};
  const out: { [k: string]: Json } = { ...ours };
  for (const [k, v] of Object.entries(theirs)) {
    if (!(k in ours)) {
      // (gone from ours and unchanged in theirs: ours removed it)
      if (!(k in was && same(was[k], v))) out[k] = v;
      continue;
    }
    out[k] = merge3(k in was ? was[k] : undefined, ours[k] as Json, v);
  }
  for (const k of Object.keys(was)) if (!(k in theirs)) delete out[k];
  return out;
}

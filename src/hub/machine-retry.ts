// How a machine that cannot be reached says when it is tried again: one wording for the list,
// `machines` and `ls`.

/** When an unreachable machine is tried again, as words: " (tried again in 4 s)", " (trying again now)". */
export const retryWords = (retryIn: number | undefined): string =>
  retryIn === undefined ? '' : retryIn === 0 ? ' (trying again now)' : ` (tried again in ${retryIn} s)`;

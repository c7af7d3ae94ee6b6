// Errors of the improvements' history (improvement-history.ts).

export type ImprovementErrorCode =
  'invalid_name' | 'invalid_version' | 'unknown_name' | 'unknown_version' | 'nothing_to_revert' | 'corrupt';

/** Errors the CLI and the control socket can show as they are (message) or branch on (code). */
export class ImprovementError extends Error {
  constructor(
    readonly code: ImprovementErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImprovementError';
  }
}

/** Resume functions read transcripts (a glob over ~/.codex/sessions, first lines of files). */
export const RESUME_BUDGET_MS = 5000;

/** One agent's answer from its profile's resume (see __botster.resume_all in lua/core/profiles.lua). */
export interface ResumeAnswer {
  profile?: string;
  command?: string;
  args?: string[];
  /** The conversation it resumes, recorded for the next restore. */
  session?: string;
  /** Nothing to resume: start it again as it ran. */
  none?: boolean;
  /** `file:line: message` from the profile's resume. */
  error?: string;
}

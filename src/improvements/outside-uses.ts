// What a pushed file's source calls that reaches outside the hub (Change.uses): read from the text,
// a hint for the policy. What it may actually reach is what review's `grant` gives it.
export function outsideUses(source: string): string[] {
  const uses: string[] = [];
  if (/\bhttp\s*\.\s*(request|get|post)\b/.test(source)) uses.push('http');
  if (/\bprocess\s*\.\s*run\b/.test(source)) uses.push('process');
  if (/\bgit\s*\.\s*(status|branch|log|diff_stat|remote_url)\b/.test(source)) uses.push('git');
  return uses;
}

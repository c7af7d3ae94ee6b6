// The words of a plugin made from an improvement (./to-plugin.ts): its README (what it does, what
// it needs, how to rebuild it), its HISTORY.md (every version the hub kept, with the policy's word
// on each) and its golden-frame test (docs/lua/testing.md).
import { capabilityText, type Capability } from '../hub/capabilities.js';
import type { DerivedCapabilities } from '../plugins/derive-capabilities.js';
import type { PluginManifest } from '../plugins/manifest.js';
import type { VersionRecord } from '../reload/improvement-history.js';

export interface Registers {
  bindings?: Array<{ mode: string; key: string; action?: string; desc?: string }>;
  commands?: Array<{ id: string; desc?: string }>;
  hooks?: Array<{ event: string }>;
  pieces?: Array<{ slot: string; name: string }>;
  adapters?: Array<{ name: string }>;
}

/** What it adds, in the manifest's words (`keys: normal z (say hello)`), from what its live version registered. */
export function providesOf(r: Registers | undefined): string[] {
  if (!r || typeof r !== 'object') return [];
  return [
    ...(r.pieces ?? []).map((p) => `piece: ${p.slot} ${p.name}`),
    ...(r.commands ?? []).map((c) => `command: ${c.id}${c.desc ? ` (${c.desc})` : ''}`),
    ...(r.bindings ?? []).map((b) => `key: ${b.mode} ${b.key}${b.desc ? ` (${b.desc})` : ''}`),
    ...[...new Set((r.hooks ?? []).map((h) => h.event))].map((e) => `hook: ${e}`),
    ...(r.adapters ?? []).map((a) => `status adapter: ${a.name}`),
  ];
}

/** The capability lines of the card: what each lets it do, and the call that needs it. */
export function needsLines(m: PluginManifest, d: DerivedCapabilities): string[] {
  if (!m.capabilities.length)
    return ['- nothing beyond what every plugin may do (notices, focus, its own state)'];
  return m.capabilities.map(
    (c: Capability) =>
      `- \`${c}\`: ${capabilityText(c, m)}${d.because[c] ? ` (it calls \`${d.because[c]}\`)` : ''}`,
  );
}

export function readme(
  m: PluginManifest,
  d: DerivedCapabilities,
  imp: { name: string; live: number; versions: number },
  testFile: string,
): string {
  const tick = '`';
  return `# ${m.name}

${m.description}

## What it does

${m.provides.length ? m.provides.map((p) => `- ${p}`).join('\n') : '- (its live version registered no keys, commands, pieces or hooks the hub lists)'}

Its code is ${tick}init.lua${tick}: version ${imp.live} of the improvement ${tick}${imp.name}${tick}, as the hub ran it.
HISTORY.md says how it got there (${imp.versions} version${imp.versions === 1 ? '' : 's'}, each in ${tick}history/${tick}).

## What it needs

Read from its code (the calls each capability gates), and asked for in ${tick}plugin.json${tick}:

${needsLines(m, d).join('\n')}

## Install, test, rebuild

    botster-tui plugin add PATH-OR-GIT-URL     # shows what it asks for; you grant it
    botster-tui test .                         # runs ${testFile} against __golden__/

${tick}botster-tui test --update .${tick} accepts a changed frame. To rebuild it after the improvement
changed, in the home that has it:

    botster-tui plugin new ${m.name} --from improvement ${imp.name} NEW-FOLDER

or change it as an improvement again: ${tick}cp init.lua ${imp.name}.lua && botster-tui push ${imp.name}.lua${tick}.
`;
}

export function historyMd(pluginName: string, imp: string, all: VersionRecord[], live: number): string {
  const rows = all.map(
    (r) =>
      `| v${r.version}${r.version === live ? ' (live)' : ''} | ${r.at} | ${r.agentId ?? 'a file'} | ${r.decision} (${r.confidence}) | ${oneLine(r.reasoning)} | \`history/v${r.version}.lua\` |`,
  );
  return `# ${pluginName}: history

Made from the improvement \`${imp}\`: every version the hub kept of it (the policy's decision,
how sure it was and why), oldest first. \`init.lua\` is v${live}.

| version | at | pushed by | decision | why | source |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim() || '-';

export function testLua(name: string, imp: string): string {
  return `-- ${name}'s test: botster-tui test runs it, with this plugin added to a home of its own (all it
-- asks for granted) and sample agents (docs/lua/testing.md). Made with the plugin from the
-- improvement ${imp}: the golden frame is the hub as it drew with it then.
describe("${name}", function()
  it("draws the hub as it did when it was made", function()
    local frame = hub:frame{ size = "100x30" }
    expect(frame):to_match_golden("hub") -- __golden__/hub.txt (botster-tui test --update accepts a change)
  end)
end)
`;
}

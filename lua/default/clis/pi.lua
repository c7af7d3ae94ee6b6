-- Pi (pi-coding-agent). It loads TypeScript extensions given with `-e FILE`: the hub names its own
-- for each launch, which reports each turn (agent_start -> running, agent_end -> done) and the
-- session id. It asks no permissions. It resumes with `pi --session <id>`. Its screens are read by
-- the structural rules (lua/default/status.lua), which is all it needs: its working row is a
-- braille spinner that turns each frame before "Working..." (or "Retrying (2/3) in 4s...
-- (escape to cancel)") just above its input box's top rule, moved into the footer or not; at
-- rest the box and its footer only. Checked against 0.73.1 (the newest on npm, 2026-11-28);
-- 0.85's working footer could not be run here (no such release on npm), so it is not claimed.

local EXTENSION = [==[// Written by botster-tui: Pi tells the hub what it is doing (docs/agent-states.md).
import { spawn } from "node:child_process";
const bin = process.env.BOTSTER_HOME + "/bin/botster-tui";
let queue: Promise<void> = Promise.resolve();
function report(args: string[]): void {
  if (!process.env.BOTSTER_AGENT_ID) return;
  queue = queue.then(() => new Promise<void>((done) => {
    try {
      const child = spawn(bin, ["report", "--if-in-hub", ...args], { stdio: "ignore" });
      child.on("error", () => done());
      child.on("exit", () => done());
    } catch {
      done();
    }
  }));
}
const session = (ctx: any): string[] => {
  const id = ctx?.sessionManager?.getSessionId?.();
  return id ? ["--session", String(id)] : [];
};
export default function (pi: any) {
  pi.on("session_start", async (_event: any, ctx: any) => report(["--state", "idle", ...session(ctx)]));
  pi.on("agent_start", async (_event: any, ctx: any) => report(["--state", "running", ...session(ctx)]));
  pi.on("agent_end", async (_event: any, ctx: any) => report(["--state", "done", ...session(ctx)]));
}
]==]

clis.define({
  name = "pi",
  title = "Pi",
  programs = { "pi" },
  command = "pi",
  packages = { "@mariozechner/pi-coding-agent" },
  version = "0.73.1",
  -- What it writes besides its folder (its box: docs/security.md#boxes), seen with 0.73.1:
  -- ~/.pi/agent/ ($PI_CODING_AGENT_DIR): sessions/, settings.json and auth.json (each with a .lock
  -- beside it), bin/ (fd and ripgrep it downloads when missing). Without it it stops at start:
  -- "Error: ENOENT: no such file or directory, mkdir '~/.pi/agent/sessions/--<folder>--'".
  sandbox = {
    write = { "~/.pi/agent/" },
    secrets = { "~/.pi/agent/auth.json" },
    vars = { "PI_*", "ANTHROPIC_*", "OPENAI_*", "GEMINI_*", "GOOGLE_*", "OPENROUTER_*", "GROQ_*", "XAI_*" },
  },
  resume = { args = { "--session", "{session}" }, last = { "--continue" } },
  hooks = {
    files = { ["pi-extension.ts"] = EXTENSION },
    args = { "-e", "{hooks}/pi-extension.ts" },
    own_commands = { "-v", "--version", "-h", "--help", "install", "remove", "update", "list", "config" },
  },
})

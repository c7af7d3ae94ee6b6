---@meta
-- LuaLS annotations for agent profiles ($BOTSTER_HOME/user/profiles.lua) and how their CLIs
-- resume a conversation after a restart (docs/resume.md).

---@class botster.Profile
---@field command string            # a command line (run through sh -c) or, with args, a program
---@field args? string[]
---@field cwd? string               # ~ is expanded
---@field env? table<string, string>
---@field worktree? boolean|{branch?: string, reuse?: boolean, folder?: string}  # start in a git worktree: a new branch botster/NAME, or the given branch (reuse = true to check out an existing one)
---@field match? string|string[]    # program name globs ("claude*"): agents running such a program (typed into a shell too) resume through this profile
---@field resume? (fun(agent: botster.ResumeAgent, restore: botster.Restore): botster.ResumeSpec|nil)|false  # the command that resumes an agent's conversation, or nil to start it again as it ran; false: none (a redefine keeps the earlier one's otherwise)
---@field listed? boolean           # in the spawn dialog (default true; the shipped ones are not)
---@field mcp? boolean              # false: its agents' CLIs run without the hub's MCP server (BOTSTER_MCP=0; docs/mcp.md)
---@field sandbox? string|false     # the box its agents run in (a name of sandbox.boxes: "default", "strict"), or false for none; nil: sandbox.choose decides (agent CLIs boxed)

---@class botster.DefinedProfile: botster.Profile
---@field name string

--- What the hub recorded of an agent it restores (session.json), as a profile's resume gets it.
---@class botster.ResumeAgent
---@field name string|nil
---@field command string             # what it ran first (a command line, or the program when args)
---@field args string[]|nil
---@field cwd string                 # its folder (its worktree's, if it had one)
---@field program string             # the program in its foreground when recorded (`claude` typed into a shell agent)
---@field command_program string     # the program its command runs (`env FOO=1 codex` -> codex)
---@field profile string|nil         # the profile it was started from
---@field env table<string, string>  # env its profile and hooks added
---@field started number|nil         # when it started, seconds since the epoch (compare with os.time(), files.glob's mtime)
---@field session string|nil         # the newest conversation id it reported (`botster-tui report --session`, the CLI's hooks)
---@field sessions { id: string, program: string|nil, at: string }[]  # every id it reported, oldest first
---@field worktree { path: string, branch: string, repo: string }|nil

--- One restore: `taken` holds the conversation ids other agents of it reported or resumed (a
--- "newest transcript in this folder" search must skip them).
---@class botster.Restore
---@field taken table<string, boolean>

--- What resume returns: the command that resumes the conversation (a command line, or a program
--- with args), and the id it resumes (recorded, so the next restore resumes it again).
---@class botster.ResumeSpec
---@field command string
---@field args? string[]
---@field session? string

---@class botster.profiles
---@field list botster.DefinedProfile[]  # every defined profile, in definition order (the spawn dialog lists those with listed ~= false)
profiles = {}

--- Defines a named way to start an agent, for `botster-tui --agent profile:NAME`, `botster-tui new
--- --profile NAME` and the spawn dialog (`c` in normal mode, command agent.spawn). A later define of
--- the same name replaces it, keeping the earlier one's `match` and `resume` unless it gives its
--- own (`resume = false` turns resuming off). Returns the defined profile.
--- ```lua
--- profiles.define("claude", { command = "claude", cwd = "~/src/app", env = { CLAUDE_MODEL = "opus" } })
--- -- an agent CLI of your own that resumes with `mycli --continue ID`
--- profiles.define("mycli", { command = "mycli", match = "mycli", resume = function(agent)
---   local id = profiles.reported(agent)
---   return id and { command = "mycli", args = { "--continue", id }, session = id } or nil
--- end })
--- ```
---@param name string
---@param def botster.Profile
---@return botster.DefinedProfile
function profiles.define(name, def) end

--- The defined profile of that name, or nil.
--- ```lua
--- local claude = profiles.find("claude")
--- ```
---@param name string
---@return botster.DefinedProfile|nil
function profiles.find(name) end

--- The profile whose resume applies to an agent: the one it was started from (if that one
--- resumes), else the first whose `match` names its program, else its command's program.
--- ```lua
--- local p = profiles.for_agent(agent)
--- ```
---@param agent botster.ResumeAgent
---@return botster.DefinedProfile|nil
function profiles.for_agent(agent) end

--- The newest conversation id the agent reported while a program matching `pattern` ran in it
--- (any, when its command itself runs such a program); nil when none.
--- ```lua
--- local id = profiles.reported(agent, "claude*")
--- ```
---@param agent botster.ResumeAgent
---@param pattern? string
---@return string|nil
function profiles.reported(agent, pattern) end

--- The command that runs `program` again with `extra` args appended. An agent started from a
--- profile keeps its profile's command and args; otherwise its own args are dropped (a prompt given
--- on its command line would be sent again) unless `opts.keep_args`.
--- ```lua
--- return profiles.rerun(agent, { "--resume", id }, "claude")  -- { command = "claude", args = { "--resume", id } }
--- ```
---@param agent botster.ResumeAgent
---@param extra string[]
---@param program? string
---@param opts? { keep_args?: boolean }
---@return botster.ResumeSpec
function profiles.rerun(agent, extra, program, opts) end

--- Was this file (an entry of files.glob) written since the agent started (with a second's slack)?
--- ```lua
--- for _, f in ipairs(files.glob("~/.mycli/sessions/*.json")) do
---   if not profiles.since_start(f, agent) then return nil end
--- end
--- ```
---@param file { mtime: number }
---@param agent botster.ResumeAgent
---@return boolean
function profiles.since_start(file, agent) end

--- A variable as the agent had it (its profile's env), else the hub's.
--- ```lua
--- local dir = profiles.env(agent, "CODEX_HOME") or "~/.codex"
--- ```
---@param agent botster.ResumeAgent
---@param name string
---@return string|nil
function profiles.env(agent, name) end

--- What a new agent may be, as `c` (New agent), worktree.new and the web's /new offer it: the
--- user's shell, every listed profile whose agent CLI is installed, then each agent CLI installed
--- on the hub's PATH (lua/default/dialogs.lua). Replace it to offer others in all three.
---@param app botster.App
---@return { label: string, description: string, spec: { command: string, args?: string[] } }[]
function profiles.offered(app) end

--- Why an agent CLI's program cannot start here, or nil when it can (or is no agent CLI: your own
--- script is not judged). What `profiles.offered` leaves out.
--- ```lua
--- profiles.cannot_run("codex")  --> "codex is not installed (no codex on your PATH)"
--- ```
---@param program string|nil
---@return string|nil
function profiles.cannot_run(program) end

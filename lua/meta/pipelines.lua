---@meta
-- LuaLS annotations for pipelines: one task handed to several agents, in parallel or in a chain,
-- the best result kept (docs/pipelines.md).

---@class botster.PipelineStep
---@field id? string                  # a name (default step1, step2... or branch1, branch2...)
---@field agent? string               # a profile of that name if there is one, else a command line
---@field profile? string             # a profile (user/profiles.lua)
---@field command? string             # a command line (any CLI the hub knows)
---@field prompt string               # ${var}, ${step.result}, ${step.diff}, ${step.check}, ${step.branch}, ${item}, ${context}, ${results}
---@field prompt_as? "typed"|"argument"  # typed into its terminal (default), or appended to its command line
---@field worktree? boolean           # in a worktree of its own (default: true for parallel branches)
---@field cwd? string                 # where it starts (default: where the run started)
---@field check? string               # a shell command run in its folder when it is done (exit 0 passes)
---@field timeout? number             # seconds before it is stopped and failed (default 1800)
---@field depends_on? string|string[] # steps that must finish first (chain)
---@field parallel_on? string|fun(results: botster.PipelineResult[]): string[]  # one run per item: a step's listed answer, or what the function returns

---@class botster.PipelineResult
---@field key string                  # "impl" or "impl[2]" for a fanned-out step
---@field step string
---@field item? string
---@field state "done"|"failed"|"cancelled"
---@field reason? string              # why it failed
---@field agent? string               # its agent's name
---@field answer? string              # what the agent answered
---@field diff? { files: integer, added: integer, removed: integer }
---@field check? { code: integer|nil, output: string }
---@field branch? string
---@field duration_ms? integer

---@class botster.PipelineMerge
---@field kind "concatenate"|"pick_best"|"summarize"|"choose"
---@field criterion? fun(results: botster.PipelineResult[]): integer|nil  # pick_best: the index of the best (nil: none)
---@field step? botster.PipelineStep  # summarize: who summarizes (${results} in its prompt)
---@field finish? boolean             # merge the kept step's worktree into its base, discard the others'

---@class botster.PipelineStrategy
---@field kind "single"|"sequential"|"parallel"|"chain"
---@field step? botster.PipelineStep  # single
---@field steps? botster.PipelineStep[]   # single, sequential, chain
---@field branches? botster.PipelineStep[] # parallel
---@field merge? "concatenate"|"pick_best"|"summarize"|"choose"|botster.PipelineMerge  # default: pick_best for parallel, else concatenate

---@class botster.PipelineSource
---@field text? string
---@field file? string
---@field glob? string                # e.g. "src/**/*.ts"
---@field diff? boolean               # the repository's uncommitted diff
---@field command? string             # a command's output
---@field agent? string               # an agent's screen (what = "screen") or a step's or agent's answer
---@field what? "screen"|"answer"
---@field priority? number            # the lowest go first when the context is too long (default 1)

---@class botster.PipelineContext
---@field system? string
---@field sources? (botster.PipelineSource|string)[]
---@field max_chars? integer          # default 20000

---@class botster.PipelineDefinition
---@field id string
---@field description? string
---@field strategy botster.PipelineStrategy
---@field context? botster.PipelineContext|string
---@field max_agents? integer         # how many of its agents run at once (default 4)
---@field streaming? fun(chunk: string, ev: { run: string, pipeline: string, step: string, agent: string })

--- A step of a run in self.pipelines.
---@class botster.PipelineStepFacts
---@field key string                  # "impl", or "impl[2]" for a fanned-out step
---@field step string
---@field item? string
---@field state "queued"|"starting"|"working"|"waiting"|"checking"|"done"|"failed"|"cancelled"
---@field reason? string              # what it asks (waiting), why it failed
---@field agent? string               # its agent's name, once started
---@field agent_id? string            # its agent's id (app:focus(step.agent_id))
---@field branch? string              # its worktree's branch
---@field check? integer              # its check's exit code, once it ran
---@field diff? { files: integer, added: integer, removed: integer }
---@field elapsed? integer            # seconds since it started, or how long it took

--- A pipeline run as self.pipelines shows it.
---@class botster.PipelineRunFacts
---@field id string                   # "p1": what pipeline ls, cancel, retry name
---@field pipeline string
---@field status "running"|"choosing"|"done"|"failed"|"cancelled"
---@field reason? string
---@field paused? boolean
---@field elapsed integer             # seconds
---@field chosen? string              # the step whose work was kept
---@field choices? string[]           # while it waits for a choice: the keys of the steps you may keep
---@field steps botster.PipelineStepFacts[]

---@class botster.PipelineInfo
---@field id string
---@field description? string
---@field strategy string
---@field steps string[]

--- The pipeline_asked event: an agent asks to run a pipeline (`botster-tui pipeline run` inside
--- the hub) and your policy (user/policy.lua) said to ask you.
---@class botster.PipelineAsked
---@field request string              # "r1": what pipeline.accept and pipeline.reject take
---@field pipeline string             # its id
---@field agent string|nil            # the agent's name (nil if the hub does not know it)
---@field agent_id string|nil
---@field decision "collaborative"
---@field reasoning string            # your policy's
---@field rule string|nil
---@field change botster.ChangePipeline # what your policy saw: its steps, what it runs

---@class botster.pipelines
---@field ask_hook integer            # the pipeline_asked handler's id, for hooks.off
pipelines = {}

--- What happens when an agent asks to run a pipeline and your policy said to ask you: the shipped
--- one (lua/default/pipelines.lua) asks a question that waits until you open it (Ctrl+g o) and
--- takes none of your keys; running it takes the word "run" typed. Answer with
--- app:run("pipeline.accept", ev.request) or app:run("pipeline.reject", ev.request).
--- ```lua
--- function pipelines.ask(ev, app) app:run("pipeline.reject", ev.request) end   -- never from agents
--- ```
---@param ev botster.PipelineAsked
---@param app botster.AppActions
function pipelines.ask(ev, app) end

--- The question's lines: your policy's reasoning, where it runs, each step and its check, the merge.
---@param ev botster.PipelineAsked
---@return string[]
function pipelines.ask_lines(ev) end

--- Defines (or redefines) a pipeline; a mistake is an error at your line.
---@param def botster.PipelineDefinition
---@return string id
function pipelines.define(def) end

--- Starts a defined pipeline (from a key, a command or a hook); ${NAME} in prompts come from vars.
---@param id string
---@param vars? table<string, string>
function pipelines.run(id, vars) end

--- The pipelines defined.
---@return botster.PipelineInfo[]
function pipelines.list() end

--- Stops a run: its working agents are stopped, its steps cancelled.
---@param run botster.PipelineRunFacts|string
function pipelines.cancel(run) end

--- Holds a run (no queued step starts; those at work go on), or lets it go on (`on = false`).
---@param run botster.PipelineRunFacts|string
---@param on? boolean
function pipelines.pause(run, on) end

--- Runs a failed (or cancelled) step again, and the steps that could not start without it.
---@param run botster.PipelineRunFacts|string
---@param step botster.PipelineStepFacts|string
function pipelines.retry(run, step) end

--- Keeps a step's work in a run whose merge is "choose" (its worktree merged with finish).
---@param run botster.PipelineRunFacts|string
---@param step botster.PipelineStepFacts|string
function pipelines.choose(run, step) end

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

---@alias botster.MergeKindName "concatenate"|"pick_best"|"summarize"|"choose"|string

---@class botster.PipelineMerge
---@field kind botster.MergeKindName  # a shipped kind or yours (pipelines.merge_kind)
---@field criterion? fun(results: botster.PipelineResult[]): integer|nil  # pick_best: the index of the best (nil: none); handed to the kind as run.criterion
---@field step? botster.PipelineStep  # summarize: who summarizes (${results} in its prompt); any kind may run it (ctx.run_step)
---@field finish? boolean             # merge the kept step's worktree into its base, discard the others'

---@class botster.PipelineStrategy
---@field kind "single"|"sequential"|"parallel"|"chain"
---@field step? botster.PipelineStep  # single
---@field steps? botster.PipelineStep[]   # single, sequential, chain
---@field branches? botster.PipelineStep[] # parallel
---@field merge? botster.MergeKindName|botster.PipelineMerge  # default: pick_best for parallel, else concatenate

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

--- What pipelines.run, cancel, pause, retry and choose answer: the `pipeline` verb's answer
--- (docs/protocol.md), as the socket gets it.
---@class botster.PipelineAnswer
---@field ok boolean
---@field run? table      # the run (id, pipeline, status, steps, ...) when ok
---@field waiting? boolean # an agent asked (its `botster-tui run`): your pipeline policy asked you; `request` names it
---@field error? string   # why not, when not ok
---@field refused? string # who asked may not (a plugin not granted `pipelines`, ...)

--- Starts a defined pipeline (from a key, a command or a hook) where the focused agent works;
--- ${NAME} in prompts come from vars. It is the `pipeline` verb: where Lua can wait the call returns
--- its answer (and says a failure on screen); with `fn` last, fn(answer, app) gets it.
---@param id string
---@param vars? table<string, string>
---@param fn? fun(answer: botster.PipelineAnswer, app: botster.AppActions)
---@return botster.PipelineAnswer|nil
function pipelines.run(id, vars, fn) end

--- The pipelines defined.
---@return botster.PipelineInfo[]
function pipelines.list() end

--- Stops a run: its working agents are stopped, its steps cancelled.
---@param run botster.PipelineRunFacts|string
---@param fn? fun(answer: botster.PipelineAnswer, app: botster.AppActions)
---@return botster.PipelineAnswer|nil # (as pipelines.run)
function pipelines.cancel(run, fn) end

--- Holds a run (no queued step starts; those at work go on), or lets it go on (`on = false`).
---@param run botster.PipelineRunFacts|string
---@param on? boolean
---@param fn? fun(answer: botster.PipelineAnswer, app: botster.AppActions)
---@return botster.PipelineAnswer|nil # (as pipelines.run)
function pipelines.pause(run, on, fn) end

--- Runs a failed (or cancelled) step again, and the steps that could not start without it.
---@param run botster.PipelineRunFacts|string
---@param step botster.PipelineStepFacts|string
---@param fn? fun(answer: botster.PipelineAnswer, app: botster.AppActions)
---@return botster.PipelineAnswer|nil # (as pipelines.run)
function pipelines.retry(run, step, fn) end

--- Keeps a step's work in a run whose merge is "choose" (its worktree merged with finish).
---@param run botster.PipelineRunFacts|string
---@param step botster.PipelineStepFacts|string
---@param fn? fun(answer: botster.PipelineAnswer, app: botster.AppActions)
---@return botster.PipelineAnswer|nil # (as pipelines.run)
function pipelines.choose(run, step, fn) end

--- What a merge kind reads: the run's last results (those nothing depends on) and what the hub knows of them.
---@class botster.MergeRun
---@field id string                   # "p1"
---@field pipeline string
---@field vars table<string, string>
---@field kind string                 # the kind's name
---@field finish boolean              # strategy.merge.finish: the kept step's worktree is merged, the others' discarded
---@field results botster.PipelineResult[]  # in the order they were made
---@field has_step boolean            # strategy.merge has a step (ctx.run_step runs it)
---@field merge_step? botster.PipelineResult  # that step's result, once it ran
---@field has_criterion boolean       # strategy.merge has a criterion
---@field criterion? any              # what it answered (nil: none, or it answered nil)
---@field default_pick? integer       # the hub's pick (check passed, then the smallest change, then the first to finish): its index in results

--- How a merge kind decides: call one of these, once (a second is an error at your line).
---@class botster.MergeCtx
local MergeCtx = {}
--- The run is done; `text` is its result.
---@param text? string
function MergeCtx.done(text) end
--- The run failed, saying why; `text` is a result it still has (shown with the failure).
---@param reason string
---@param text? string
function MergeCtx.fail(reason, text) end
--- Keeps one result's work: its answer is the run's; with finish, its worktree is merged into its base and the others' discarded.
---@param result botster.PipelineResult|string  # a result of run.results, or its key
function MergeCtx.keep(result) end
--- Runs strategy.merge.step (${NAME} in its prompt filled from vars, e.g. { results = ... }); once it
--- ends the kind is called again, with run.merge_step.
---@param vars? table<string, string>
function MergeCtx.run_step(vars) end
--- The run waits for the user to keep one of these (pipeline.choose, `botster-tui pipeline choose`).
---@param results (botster.PipelineResult|string)[]  # results that finished, or their keys
function MergeCtx.choose(results) end

--- Registers a merge kind, or replaces one (the shipped concatenate, pick_best, summarize and
--- choose are in lua/default/merges.lua): `fn` reads the run and decides with ctx; the hub does the
--- work (the summarizer's agent, the git merges, the worktrees). An error in it fails the run with
--- your file:line.
--- ```lua
--- pipelines.merge_kind("longest", function(run, ctx)
---   local best
---   for _, r in ipairs(run.results) do
---     if r.state == "done" and (not best or #r.answer > #best.answer) then best = r end
---   end
---   if best then ctx.keep(best) else ctx.fail("nobody answered") end
--- end)
--- ```
---@param name string
---@param fn fun(run: botster.MergeRun, ctx: botster.MergeCtx)
---@param opts? { step?: string }  # step: the kind needs strategy.merge.step, and what for (pipelines.define asks for it)
function pipelines.merge_kind(name, fn, opts) end

--- The merge kinds' names, sorted.
---@return string[]
function pipelines.merge_kinds() end

--- Done, and its check (if it has one) passed.
---@param r botster.PipelineResult
---@return boolean
function pipelines.finished_well(r) end

--- Every finished result's answer under its name ("## impl (claude)" then the answer), one after the other.
---@param results botster.PipelineResult[]
---@return string
function pipelines.concatenate(results) end

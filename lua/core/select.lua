-- select: the dialogs Lua opens (app:select, app:input). The host shows one at a time and knows
-- them by the ids lua/core/actions.lua gives their callbacks; __botster.resolve_dialog hands the
-- choice back.
local Actions = __botster.actions
local request, open_dialog = __botster.request, __botster.open_dialog

-- The agents a dialog quotes (src/hub/readable-state.ts: an agent that may not read one does not
-- see it): those opts.about names (agents or ids), and those its items name (an `agent_id`, an
-- `agent` or an agent's `id`, however deep, as src/hub/quoted-agents.ts reads a verb's answer).
local QUOTE_KEYS = { "id", "agent", "agent_id" }
local function quoted(app, items, about)
  local known, out, seen = {}, {}, {}
  for _, a in ipairs(app.agents or {}) do known[a.id] = true end
  local function add(id)
    if type(id) == "string" and known[id] and not seen[id] then seen[id] = true; out[#out + 1] = id end
  end
  for _, a in ipairs(type(about) == "table" and about or {}) do add(type(a) == "table" and a.id or tostring(a)) end
  local budget = 5000
  local function walk(v, depth)
    if type(v) ~= "table" or depth > 6 or budget <= 0 then return end
    budget = budget - 1
    for _, k in ipairs(QUOTE_KEYS) do add(rawget(v, k)) end
    for _, x in pairs(v) do walk(x, depth + 1) end
  end
  walk(items, 0)
  return #out > 0 and out or nil
end

function Actions:select(items, opts, fn)
  if type(opts) == "function" and fn == nil then opts, fn = nil, opts end
  if type(items) ~= "table" then error("app:select: items must be a list", 2) end
  if opts ~= nil and type(opts) ~= "table" then error("app:select: options must be a table", 2) end
  if type(fn) ~= "function" then error("app:select: the last argument must be a function(choice, app)", 2) end
  opts = opts or {}
  local text = opts.text
  if type(text) == "string" then text = { text } end
  if text ~= nil and type(text) ~= "table" then error("app:select: text must be a string or a list of lines", 2) end
  local lines = {}
  for _, line in ipairs(text or {}) do lines[#lines + 1] = tostring(line) end
  local shown = {}
  for i, it in ipairs(items) do
    local label, desc, confirm
    if type(it) == "table" then
      label = it.label or it.name or it.id
      desc = it.description or it.desc
      confirm = it.confirm
      if confirm ~= nil and (type(confirm) ~= "string" or not confirm:match("%S")) then
        error(("app:select: item %d: confirm must be a word to type, got %s"):format(i, tostring(confirm)), 2)
      end
    else
      label = it
    end
    if opts.format then label = opts.format(it) end
    shown[i] = { id = tostring(label == nil and i or label), description = desc ~= nil and tostring(desc) or "", value = tostring(i), confirm = confirm }
  end
  local id = open_dialog(fn, items)
  __botster.dialogs[id].typed = opts.typed == true
  request({ type = "dialog_open", title = tostring(opts.title or opts.prompt or "Select"), items = shown, text = #lines > 0 and lines or nil, typed = opts.typed == true or nil, key = opts.key ~= nil and tostring(opts.key) or nil, about = quoted(self, items, opts.about), dialog = id })
end

function Actions:input(opts, fn)
  if type(opts) == "function" and fn == nil then opts, fn = nil, opts end
  if opts ~= nil and type(opts) ~= "table" then error("app:input: options must be a table", 2) end
  if type(fn) ~= "function" then error("app:input: the last argument must be a function(text, app)", 2) end
  opts = opts or {}
  request({ type = "dialog_open", prompt = true, title = tostring(opts.title or opts.prompt or "Input"), query = opts.default ~= nil and tostring(opts.default) or "", dialog = open_dialog(fn, nil) })
end

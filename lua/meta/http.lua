---@meta
-- LuaLS annotations for http (docs/lua/http.md). Each call waits inside keys, commands, hooks,
-- dialogs' answers and timers (they run in a coroutine); elsewhere pass a callback.

---@class botster.http
http = {}

---@class botster.HttpRequest
---@field method? string            # "GET" by default
---@field url string                # http:// or https://
---@field headers? table<string, string>
---@field body? string
---@field json? table               # sent as json.encode(json), content-type application/json
---@field timeout? number           # ms for the whole exchange: 10000 by default, at most 120000
---@field max_bytes? integer        # the largest answer taken: 5 MB by default, at most 32 MB

---@class botster.HttpResponse
---@field ok boolean                # a 2xx status
---@field status? integer
---@field headers? table<string, string>  # lowercase names
---@field body? string
---@field url string                # after redirects
---@field error? string             # no answer: a timeout, a refused connection, too large, a redirect loop, a host not granted

--- Sends one request. Errors are values (`res.error`); a wrong argument is an error at your line.
--- ```lua
--- local res = http.request({ method = "PUT", url = "https://example.com/x", json = { on = true } })
--- ```
---@param req botster.HttpRequest
---@param fn? fun(res: botster.HttpResponse, app: botster.AppActions)
---@return botster.HttpResponse
function http.request(req, fn) end

--- A GET request.
--- ```lua
--- local res = http.get("https://api.github.com/zen")
--- if res.ok then app:notify(res.body) end
--- ```
---@param url string
---@param opts? botster.HttpRequest|fun(res: botster.HttpResponse, app: botster.AppActions)
---@param fn? fun(res: botster.HttpResponse, app: botster.AppActions)
---@return botster.HttpResponse
function http.get(url, opts, fn) end

--- A POST request: a string body as it is, a table as JSON.
--- ```lua
--- http.post("https://ntfy.sh/my-topic", "done", { headers = { Title = "botster" } })
--- ```
---@param url string
---@param body string|table
---@param opts? botster.HttpRequest|fun(res: botster.HttpResponse, app: botster.AppActions)
---@param fn? fun(res: botster.HttpResponse, app: botster.AppActions)
---@return botster.HttpResponse
function http.post(url, body, opts, fn) end

-- log: writes to $BOTSTER_HOME/logs/hub.log (info/warn/error) through the host.
log = {}
for _, level in ipairs({ "debug", "info", "warn", "error" }) do
  log[level] = function(...)
    local parts = {}
    for i = 1, select("#", ...) do parts[#parts + 1] = tostring((select(i, ...))) end
    __host_log(level, table.concat(parts, " "))
  end
end
print = function(...) log.info(...) end

-- wrk script: press Send on a different prepared draft with every request.
-- Arguments: the pool file (one "path<TAB>cookie<TAB>body" line per draft) and wrk's thread count.
-- Thread n takes lines n, n + threads, n + 2*threads...; a thread that runs out starts again from
-- its first line, and those repeats store nothing new: bench/run.py counts the responses
-- actually stored and reports any shortfall, so a pool that is too small cannot flatter the figure.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local pool, count = args[1], tonumber(args[2])
  prepared = {}
  local line_number = 0
  for line in io.lines(pool) do
    if line_number % count == id then
      local path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      table.insert(prepared, wrk.format("POST", path, {
        ["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded"}, body))
    end
    line_number = line_number + 1
  end
  position = 0
  acknowledged = 0
end

function request()
  position = position % #prepared + 1
  return prepared[position]
end

function response(status, headers, body)
  if status == 303 then
    acknowledged = acknowledged + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("acknowledged")
  end
  io.write(string.format("acknowledged: %d\n", total))
end

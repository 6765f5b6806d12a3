-- wrk script: GET the paths listed in a file (one per line), in turn, per thread.
-- Usage: wrk ... -s rotate.lua http://host:port -- /path/to/paths.txt
local paths = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  -- Each thread starts at a different place so connections do not march in step.
  i = math.random(0, #paths - 1)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

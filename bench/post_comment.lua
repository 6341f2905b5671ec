-- wrk script for bench/scale.py: every request posts a different comment from a different
-- address (X-Forwarded-For, trusted by the benchmark's server), as a browser on the site would.
-- __NET__ differs from one run to the next (bench/scale.py), so that a second run within the
-- rate-limit window (an hour) does not post from the addresses the first one used.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
end

request = function()
  counter = counter + 1
  local n = thread_id * 1000000 + counter
  local body = "title=&name=Bench&email=&consent=on&website=&parent=" ..
    "&timestamp=" .. "__TIMESTAMP__" ..
    "&body=Load+test+comment+" .. "__NET__" .. "-" .. n .. "+about+sleep+and+evening+routines."
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Origin"] = "__ORIGIN__"
  headers["X-Forwarded-For"] = "__NET__." .. (n % 250) .. "." .. (math.floor(n / 250) % 250) .. "." .. (math.floor(n / 62500) % 250 + 1)
  return wrk.format("POST", nil, headers, body)
end

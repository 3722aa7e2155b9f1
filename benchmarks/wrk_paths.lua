-- wrk script: cycles through the paths listed (one per line) in the file given after
-- `--`, each thread starting at its own offset of the (pre-shuffled) list. Counts
-- X-Cache HIT/MISS answers and prints one machine-readable line at the end.
--   wrk -t2 -c8 -d5s --latency -s benchmarks/wrk_paths.lua http://127.0.0.1:8100 -- paths.txt

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
  table.insert(threads, thread)
end

local paths = {}
local position = 0
hits = 0
misses = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  local threads_total = tonumber(args[2]) or 1
  position = math.floor(#paths * ((id or 1) - 1) / threads_total)
end

function request()
  position = position + 1
  return wrk.format("GET", paths[(position % #paths) + 1])
end

function response(status, headers, body)
  local cache = headers["X-Cache"]
  if cache == "HIT" then
    hits = hits + 1
  elseif cache == "MISS" then
    misses = misses + 1
  end
end

function done(summary, latency, requests)
  local total_hits, total_misses = 0, 0
  for _, thread in ipairs(threads) do
    total_hits = total_hits + (thread:get("hits") or 0)
    total_misses = total_misses + (thread:get("misses") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "hits": %d, "misses": %d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), total_hits, total_misses
  ))
end

-- Applies one slice of a batch of hot-path updates for one tenant, atomically with that tenant's replay fences.
--
-- KEYS[1]  the tenant's fence hash (partition -> last applied offset of events.enriched)
-- KEYS[2…] the keys the operations name by index (all carry the tenant's hash tag: one slot)
-- ARGV     n, then n triples (partition, expected last offset or -1, new last offset), then operations:
--            H key field amount      HINCRBY
--            F key field amount      HINCRBYFLOAT
--            Z key member amount     ZINCRBY
--            P key count m1 … mcount PFADD, in slices Lua's stack takes
--            M key value             SET key value when value is greater than the number stored
--            X key unixSeconds       EXPIREAT
-- A fence that does not hold its expected value means another consumer applied (part of) this batch since it was
-- read: nothing is applied and the reply is an error naming the partition, so the caller reads the fences again.
local n = tonumber(ARGV[1])
local i = 2
for _ = 1, n do
  local current = redis.call('HGET', KEYS[1], ARGV[i]) or '-1'
  if current ~= ARGV[i + 1] then
    return redis.error_reply('FENCE partition ' .. ARGV[i] .. ' is at ' .. current .. ', expected ' .. ARGV[i + 1])
  end
  i = i + 3
end
local ops = i
while i <= #ARGV do
  local op = ARGV[i]
  local key = KEYS[tonumber(ARGV[i + 1])]
  if op == 'H' then
    redis.call('HINCRBY', key, ARGV[i + 2], ARGV[i + 3])
    i = i + 4
  elseif op == 'F' then
    redis.call('HINCRBYFLOAT', key, ARGV[i + 2], ARGV[i + 3])
    i = i + 4
  elseif op == 'Z' then
    redis.call('ZINCRBY', key, ARGV[i + 3], ARGV[i + 2])
    i = i + 4
  elseif op == 'P' then
    local last = i + 2 + tonumber(ARGV[i + 2])
    for first = i + 3, last, 1000 do
      redis.call('PFADD', key, unpack(ARGV, first, math.min(first + 999, last)))
    end
    i = last + 1
  elseif op == 'M' then
    if tonumber(ARGV[i + 2]) > tonumber(redis.call('GET', key) or '-1') then
      redis.call('SET', key, ARGV[i + 2])
    end
    i = i + 3
  elseif op == 'X' then
    redis.call('EXPIREAT', key, ARGV[i + 2])
    i = i + 3
  else
    return redis.error_reply('unknown operation ' .. op)
  end
end
i = 2
for _ = 1, n do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
  i = i + 3
end
return ops

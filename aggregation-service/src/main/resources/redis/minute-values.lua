-- A minute series from the hot path in one round trip, with how far the hot path had counted when it was read.
-- KEYS[1]: the tenant's watermark; KEYS[2..]: the minute hashes, in order (one tenant: one hash slot).
-- ARGV[1]: 'field' (the value of field ARGV[2]) or 'match' (the sum of the fields starting with ARGV[2] and
--          ending with ARGV[3]).
-- Returns the watermark ('' when none yet), then one string per minute hash: the value, or '' when the minute has none.
local out = { redis.call('GET', KEYS[1]) or '' }
for i = 2, #KEYS do
  local key = KEYS[i]
  if ARGV[1] == 'field' then
    out[i] = redis.call('HGET', key, ARGV[2]) or ''
  else
    local fields = redis.call('HGETALL', key)
    local sum, found = 0, false
    for f = 1, #fields, 2 do
      local name = fields[f]
      if string.sub(name, 1, #ARGV[2]) == ARGV[2] and (ARGV[3] == '' or string.sub(name, -#ARGV[3]) == ARGV[3]) then
        sum = sum + tonumber(fields[f + 1])
        found = true
      end
    end
    out[i] = found and string.format('%.17g', sum) or ''
  end
end
return out

-- One value per minute hash, in one round trip: the query API's minute series from the hot path.
-- KEYS: the minute hashes, in order (one tenant: one hash slot).
-- ARGV[1]: 'field' (the value of field ARGV[2]) or 'match' (the sum of the fields starting with ARGV[2] and
--          ending with ARGV[3]).
-- Returns one string per key: the value, or '' when the minute has none.
local out = {}
for i, key in ipairs(KEYS) do
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

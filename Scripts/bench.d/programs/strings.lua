-- Build a long string from one million small pieces.
local parts = {}
local i = 0
while i < 1000000 do
  parts[#parts + 1] = tostring(i % 10)
  i = i + 1
end
local s = table.concat(parts)
print(#s)

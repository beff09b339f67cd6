-- A nested-loop n-body: 40 bodies as tables in a list, 2D softened gravity, 500 steps
-- of pairwise forces; prints the energy before and after.
local sqrt = math.sqrt
local n = 40
local dt = 0.001
local bodies = {}
local seed = 42
for i = 0, n - 1 do
  seed = seed * 16807 % 2147483647
  local x = seed / 2147483647 * 10
  seed = seed * 16807 % 2147483647
  local y = seed / 2147483647 * 10
  bodies[#bodies + 1] = {x = x, y = y, vx = 0, vy = 0, m = 1 + i % 3}
end

local function energy(bodies)
  local e = 0
  for i = 1, #bodies do
    local b = bodies[i]
    e = e + 0.5 * b.m * (b.vx * b.vx + b.vy * b.vy)
    for j = i + 1, #bodies do
      local c = bodies[j]
      local dx = b.x - c.x
      local dy = b.y - c.y
      e = e - b.m * c.m / sqrt(dx * dx + dy * dy + 0.01)
    end
  end
  return e
end

print(string.format("%.9f", energy(bodies)))
for step = 1, 500 do
  for i = 1, n do
    local bi = bodies[i]
    for j = i + 1, n do
      local bj = bodies[j]
      local dx = bi.x - bj.x
      local dy = bi.y - bj.y
      local d2 = dx * dx + dy * dy + 0.01
      local mag = dt / (d2 * sqrt(d2))
      local mi = bi.m
      local mj = bj.m
      bi.vx = bi.vx - dx * mj * mag
      bi.vy = bi.vy - dy * mj * mag
      bj.vx = bj.vx + dx * mi * mag
      bj.vy = bj.vy + dy * mi * mag
    end
  end
  for i = 1, n do
    local b = bodies[i]
    b.x = b.x + dt * b.vx
    b.y = b.y + dt * b.vy
  end
end
print(string.format("%.9f", energy(bodies)))

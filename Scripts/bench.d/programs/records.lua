-- List-of-records mutation: 1,000 particles bouncing in [0, 50], 1,000 passes that
-- update each table's fields in place; prints the sum of the positions.
local particles = {}
for i = 0, 999 do
  particles[#particles + 1] = {x = i % 50, v = i % 7 - 3}
end
for _ = 1, 1000 do
  for _, p in ipairs(particles) do
    p.x = p.x + p.v * 0.1
    if p.x < 0 or p.x > 50 then
      p.v = -p.v
    end
  end
end
local total = 0
for _, p in ipairs(particles) do total = total + p.x end
print(string.format("%.6f", total))

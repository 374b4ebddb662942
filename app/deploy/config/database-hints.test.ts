import { describe, expect, it } from "vitest";
import { databaseHints, PRIVATE_CHOICE } from "./database-hints";

describe("databaseHints", () => {
  it("names each host's documented private address and offers both ways out", () => {
    expect(databaseHints("RENDER", "dpg-abc123def-a")[0]).toMatch(/Render's internal host name.*External Database URL/);
    expect(databaseHints("RAILWAY", "postgres.railway.internal")[0]).toMatch(/Railway's private network.*DATABASE_PUBLIC_URL/);
    for (const host of ["shop-db.flycast", "shop-db.internal", "direct.abc.flympg.net"])
      expect(databaseHints("FLY", host)[0]).toMatch(/Fly's private addresses/);
    for (const host of ["10.0.0.5", "172.20.1.1", "192.168.1.10", "fd12:3456::1"]) expect(databaseHints("DOCKER", host)).toContain(PRIVATE_CHOICE);
  });

  it("says nothing about a public host", () => {
    expect(databaseHints("RENDER", "dpg-abc123def-a.frankfurt-postgres.render.com")).toEqual([]);
    expect(databaseHints("RAILWAY", "roundhouse.proxy.rlwy.net")).toEqual([]);
    expect(databaseHints("DOCKER", "db.example.com")).toEqual([]);
    expect(databaseHints(null, "8.8.8.8")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { badRequestTarget } from "./request-target";

describe("badRequestTarget", () => {
  it.each([
    "/",
    "/dashboard",
    "/api/tokens/cm1abc",
    "/dashboard/audit?before=2026-01-01",
    "/login?redirectTo=%2F%09%2Fevil",
    "/dashboard/deploy.data",
    "/caf%C3%A9",
    "/api/x?data=1&_dat=2",
  ])("lets %j through", (url) => expect(badRequestTarget(url)).toBeNull());

  it.each([
    ["/api/tokens/%E0%A4%A", true],
    ["/api/tokens/%", true],
    ["/dashboard/%E0%A4%A", false],
    ["/api/tokens/%00", true],
    ["/api/team/a%0Ab", true],
    ["/dashboard/%7F", false],
    ["/dashboard?_data=routes/dashboard.deploy", true],
    ["/dashboard/deploy?x=1&_data=", true],
  ])("refuses %j (JSON answer: %s)", (url, data) => {
    const problem = badRequestTarget(url);
    expect(problem).not.toBeNull();
    expect(problem!.data).toBe(data);
    expect(problem!.message).toMatch(/\w/);
  });
});

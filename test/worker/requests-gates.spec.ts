// POST /api/requests/:id/answers and the instance's gates: no Access gate (the answerer is outside the team), but the
// create rate limit, as for any note (moved from requests-answer.spec.ts, which had grown past 200 lines).
import { describe, expect, it } from "vitest";
import { callWith } from "./helpers";
import { createRequest, makeAnswer, postAnswer, proof } from "./request-helpers";

describe("POST /api/requests/:id/answers: gates and limits", () => {
  it("is not behind the Access gate (the answerer is outside the team)", async () => {
    const vars = {
      ACCESS_TEAM_DOMAIN: "team.example",
      ACCESS_AUD: "aud-tag-1",
      ACCESS_JWKS_URL: "http://127.0.0.1:9/c",
    };
    const request = await createRequest();
    const answer = await makeAnswer();
    expect(
      (
        await callWith(vars, "POST", `/api/requests/${request.id}/answers`, {
          json: answer.body,
          headers: await proof(request.id),
        })
      ).status,
    ).toBe(201);
  });

  it("counts against the create rate limit", async () => {
    const ip = "198.51.100.216";
    const request = await createRequest({ answers: 30 });
    const left = 10_000 - (Date.now() % 10_000);
    if (left < 8_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const answer = await makeAnswer();
      statuses.push((await postAnswer(request.id, answer.body, { "CF-Connecting-IP": ip })).status);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(20);
  });
});

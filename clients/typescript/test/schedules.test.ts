// ScheduleClient against a live server: create, list, update, pause/resume, trigger, delete,
// and the runs seen through JobClient by their label.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { AlreadyExistsError, InvalidArgumentError, JobClient, NotFoundError, ScheduleClient } from "../src";
import { TestServer } from "./server";

describe("ScheduleClient against a live server", () => {
  let server: TestServer;
  let jobs: JobClient;
  let schedules: ScheduleClient;

  before(async () => {
    server = await TestServer.start();
    jobs = new JobClient({ target: server.target });
    schedules = new ScheduleClient(jobs);
    await jobs.waitForReady(10_000);
  });

  after(async () => {
    jobs?.close();
    await server?.stop();
  });

  test("the schedule lifecycle, and its runs as jobs", async () => {
    const made = await schedules.create("ts-every", {
      everyMs: 1000,
      type: "demo.echo",
      payload: { from: "ts" },
      overlapPolicy: "OVERLAP_POLICY_ALLOW_ALL",
    });
    assert.equal(made.id, "ts-every");
    assert.equal(made.nextRunTimes.length, 5);
    await assert.rejects(schedules.create("ts-every", { everyMs: 1000, type: "demo.echo" }), AlreadyExistsError);
    await assert.rejects(schedules.create("bad", { cron: "0 25 * * *", type: "demo.echo" }), InvalidArgumentError);
    const triggered = await schedules.trigger("ts-every", "k1");
    assert.equal((await schedules.trigger("ts-every", "k1")).id, triggered.id);
    // Bounded poll: a 1 s schedule has made a run within a few seconds.
    let runs = 0;
    for (let i = 0; i < 100 && runs < 2; i++) {
      const page = await jobs.list('labels."jobplane.dev/schedule" = "ts-every"');
      runs = page.jobs.length;
      if (runs < 2) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(runs >= 2, `runs seen: ${runs}`);
    const changed = await schedules.update({ id: "ts-every", note: "edited" }, ["note"]);
    assert.equal(changed.note, "edited");
    assert.equal((await schedules.pause("ts-every")).paused, true);
    assert.equal((await schedules.resume("ts-every")).paused, false);
    const ids: string[] = [];
    for await (const s of schedules.list('type = "demo.echo"')) ids.push(s.id);
    assert.deepEqual(ids, ["ts-every"]);
    await schedules.delete("ts-every");
    await assert.rejects(schedules.get("ts-every"), NotFoundError);
  });
});

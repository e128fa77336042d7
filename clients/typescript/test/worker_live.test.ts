// Worker against a real server (in-memory SQLite) that declares the test's types.

import { setTimeout as delay } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { fromStruct, JobClient, TaskFailure, Worker, type TaskContext } from "../src";
import { TestServer } from "./server";

describe("Worker against a live server", () => {
  let server: TestServer;
  let client: JobClient;
  let worker: Worker;
  let running: Promise<void>;
  let cancelSeenAt = 0;
  let started: () => void = () => undefined;

  before(async () => {
    const types = ["tsl.steps", "tsl.block", "tsl.bad"];
    server = await TestServer.start({ args: types.flatMap((t) => ["--job-type", t]) });
    client = new JobClient({ target: server.target });
    worker = new Worker({ target: server.target, slots: 2, log: () => undefined })
      .handle("tsl.steps", async (ctx: TaskContext) => {
        for (let i = 1; i <= 3; i++) ctx.reportProgress(i, 3, `step ${i}`);
        return { attempt: ctx.attempt, got: ctx.payload.n ?? null };
      })
      .handle("tsl.block", async (ctx: TaskContext) => {
        started();
        await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
        cancelSeenAt = Date.now();
        throw ctx.signal.reason;
      })
      .handle("tsl.bad", () => {
        throw new TaskFailure("BAD_INPUT", "never valid", { nonRetryable: true });
      });
    running = worker.run();
  });

  after(async () => {
    worker?.stop();
    await running;
    client?.close();
    await server?.stop();
  });

  test("runs a job: progress, output, one attempt", async () => {
    const job = await client.submit("tsl.steps", { n: 7 });
    const done = await client.wait(job.id, 20_000);
    assert.equal(done.status, "JOB_STATUS_SUCCEEDED");
    assert.deepEqual(fromStruct(done.output), { attempt: 1, got: 7 });
    assert.equal(done.progress?.current, 3);
    assert.equal(done.progress?.message, "step 3");
  });

  test("a cancel reaches the handler through its AbortSignal", async () => {
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    const job = await client.submit("tsl.block", {});
    await isStarted;
    const sent = Date.now();
    await client.cancel(job.id, { reason: "test" });
    for (let i = 0; i < 2000 && cancelSeenAt === 0; i++) await delay(5);
    assert.ok(cancelSeenAt >= sent, "the handler never saw the cancel");
    assert.ok(cancelSeenAt - sent < 1000, `cancel took ${cancelSeenAt - sent} ms`);
    const done = await client.wait(job.id, 20_000);
    assert.equal(done.status, "JOB_STATUS_CANCELED");
  });

  test("a non-retryable TaskFailure fails the job at once with its reason", async () => {
    const job = await client.submit("tsl.bad", {}, { maxAttempts: 3 });
    const done = await client.wait(job.id, 20_000);
    assert.equal(done.status, "JOB_STATUS_FAILED");
    assert.equal(done.error?.reason, "BAD_INPUT");
    assert.equal(done.attempt, 1);
  });
});

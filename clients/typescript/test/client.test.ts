// JobClient against a real server (in-memory SQLite), started by the test itself.

import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import {
  AlreadyExistsError,
  FailedPreconditionError,
  fromStruct,
  InvalidArgumentError,
  isTerminal,
  JobClient,
  JobplaneError,
  NotFoundError,
  OutOfRangeError,
  PermissionDeniedError,
  type WatchEvent,
} from "../src";
import { TestServer } from "./server";

describe("JobClient against a live server", () => {
  let server: TestServer;
  let client: JobClient;

  before(async () => {
    server = await TestServer.start();
    client = new JobClient({ target: server.target, token: "test-token" });
    await client.waitForReady(10_000);
  });

  after(async () => {
    client?.close();
    await server?.stop();
  });

  test("submit then get returns the same job", async () => {
    const job = await client.submit("demo.sleep", { seconds: 0.2, steps: 2 }, { labels: { suite: "ts" } });
    assert.match(job.id, /^[0-9a-f-]{36}$/);
    assert.equal(job.type, "demo.sleep");
    assert.ok(
      ["JOB_STATUS_QUEUED", "JOB_STATUS_RUNNING"].includes(job.status),
      `fresh job status ${job.status}`,
    );
    assert.match(job.requestId, /^[0-9a-f-]{36}$/, "submit generates a request id");
    assert.deepEqual(fromStruct(job.payload), { seconds: 0.2, steps: 2 });
    assert.equal(job.labels.suite, "ts");

    const got = await client.get(job.id);
    assert.equal(got.id, job.id);
    assert.equal(got.type, "demo.sleep");
    assert.equal(got.requestId, job.requestId);
    assert.deepEqual(fromStruct(got.payload), { seconds: 0.2, steps: 2 });
  });

  test("submit is idempotent by request id; a different request under that id is ALREADY_EXISTS", async () => {
    const requestId = randomUUID();
    const a = await client.submit("demo.sleep", { seconds: 0.1, steps: 1 }, { requestId });
    const b = await client.submit("demo.sleep", { seconds: 0.1, steps: 1 }, { requestId });
    assert.equal(b.id, a.id);
    assert.equal(b.requestId, requestId);
    await assert.rejects(
      client.submit("demo.sleep", { seconds: 9, steps: 1 }, { requestId }),
      (err: unknown) => {
        assert.ok(err instanceof AlreadyExistsError, `got ${err}`);
        assert.equal(err.codeName, "ALREADY_EXISTS");
        assert.equal(err.reason, "REQUEST_ID_CONFLICT");
        return true;
      },
    );
  });

  test("wait returns the terminal job", async () => {
    const job = await client.submit("demo.sleep", { seconds: 0.3, steps: 3 });
    const done = await client.wait(job.id, 20_000);
    assert.equal(done.id, job.id);
    assert.equal(done.status, "JOB_STATUS_SUCCEEDED");
    assert.ok(done.endTime, "a terminal job has an end time");
  });

  test("wait with a short timeout returns the job still running", async () => {
    const job = await client.submit("demo.sleep", { seconds: 5, steps: 5 });
    const t0 = Date.now();
    const still = await client.wait(job.id, 300);
    assert.ok(Date.now() - t0 < 5_000, "wait honoured its timeout");
    assert.ok(!isTerminal(still.status), `status ${still.status}`);
    await client.cancel(job.id, { reason: "cleanup", force: true });
  });

  test("list filters by label and type, newest first", async () => {
    const tag = randomUUID().slice(0, 8);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await client.submit("demo.sleep", { seconds: 0.05, steps: 1 }, { labels: { batch: tag } })).id);
    }
    const page = await client.list(`labels.batch = "${tag}" AND type = "demo.sleep"`);
    assert.deepEqual(
      page.jobs.map((j) => j.id),
      [...ids].reverse(),
    );
    assert.equal(page.nextPageToken, "");

    const first = await client.list({ filter: `labels.batch = "${tag}"`, pageSize: 2 });
    assert.equal(first.jobs.length, 2);
    assert.notEqual(first.nextPageToken, "");
    const second = await client.list({ filter: `labels.batch = "${tag}"`, pageSize: 2, pageToken: first.nextPageToken });
    assert.deepEqual(
      [...first.jobs, ...second.jobs].map((j) => j.id),
      [...ids].reverse(),
    );

    const all: string[] = [];
    for await (const j of client.listAll(`labels.batch = "${tag}"`, { pageSize: 1 })) all.push(j.id);
    assert.deepEqual(all, [...ids].reverse());
  });

  test("cancel a running job, idempotently; cancel a finished one is JOB_ALREADY_COMPLETE", async () => {
    const job = await client.submit("demo.sleep", { seconds: 30, steps: 30 });
    const canceled = await client.cancel(job.id, { reason: "no longer needed", force: true });
    assert.equal(canceled.id, job.id);
    const final = await client.wait(job.id, 20_000);
    assert.equal(final.status, "JOB_STATUS_CANCELED");
    assert.equal(final.cancelReason, "no longer needed");
    const again = await client.cancel(job.id);
    assert.equal(again.status, "JOB_STATUS_CANCELED");

    const quick = await client.submit("demo.sleep", { seconds: 0.05, steps: 1 });
    assert.equal((await client.wait(quick.id, 20_000)).status, "JOB_STATUS_SUCCEEDED");
    await assert.rejects(client.cancel(quick.id), (err: unknown) => {
      assert.ok(err instanceof FailedPreconditionError, `got ${err}`);
      assert.equal(err.reason, "JOB_ALREADY_COMPLETE");
      assert.equal(err.domain, "jobplane.dev");
      return true;
    });
  });

  test("watch demo.sleep to the end with strictly rising sequences", async () => {
    const job = await client.submit("demo.sleep", { seconds: 1, steps: 10 });
    const events: WatchEvent[] = [];
    const reconnects: number[] = [];
    for await (const ev of client.watch(job.id, { onReconnect: (n) => reconnects.push(n) })) {
      events.push(ev);
      assert.ok(events.length < 1000, "bounded");
    }
    assert.deepEqual(reconnects, [], "no reconnect on a healthy server");
    assert.ok(events.length >= 3, `only ${events.length} events`);
    assert.equal(events[0].kind, "WATCH_EVENT_KIND_SNAPSHOT");
    assert.equal(events[0].job?.id, job.id);
    for (let i = 1; i < events.length; i++) {
      assert.ok(events[i].sequence > events[i - 1].sequence, `sequence ${events[i].sequence} after ${events[i - 1].sequence}`);
    }
    const last = events[events.length - 1];
    assert.equal(last.status, "JOB_STATUS_SUCCEEDED");
    assert.ok(last.job, "the terminal event carries the job");
    assert.equal(last.job?.status, "JOB_STATUS_SUCCEEDED");
    assert.ok(
      events.some((e) => e.kind === "WATCH_EVENT_KIND_PROGRESS"),
      "progress events were streamed",
    );
    assert.ok(
      events.some((e) => e.status === "JOB_STATUS_RUNNING"),
      "the RUNNING status was seen",
    );
    const got = await client.get(job.id);
    assert.equal(got.sequence, last.sequence, "the job's sequence is that of its last event");
  });

  test("watch resumes after a given sequence without replaying it", async () => {
    const job = await client.submit("demo.sleep", { seconds: 0.5, steps: 5 });
    const all: WatchEvent[] = [];
    for await (const ev of client.watch(job.id)) all.push(ev);
    assert.ok(all.length >= 3);
    const cut = all[1].sequence;
    const rest: number[] = [];
    for await (const ev of client.watch(job.id, { afterSequence: cut })) rest.push(ev.sequence);
    assert.ok(rest.length >= 1);
    assert.ok(rest.every((s) => s > cut), `resumed events ${rest} after ${cut}`);
    assert.equal(rest[rest.length - 1], all[all.length - 1].sequence);

    // A fresh watch of a finished job: its snapshot (terminal), then the end.
    const again: WatchEvent[] = [];
    for await (const ev of client.watch(job.id)) again.push(ev);
    assert.equal(again.length, 1);
    assert.equal(again[0].kind, "WATCH_EVENT_KIND_SNAPSHOT");
    assert.equal(again[0].status, "JOB_STATUS_SUCCEEDED");
    assert.equal(again[0].sequence, all[all.length - 1].sequence);

    // A cursor ahead of the job's latest event is refused, not silently empty.
    await assert.rejects(
      (async () => {
        for await (const _ of client.watch(job.id, { afterSequence: all[all.length - 1].sequence + 100 })) {
          assert.fail("no event expected");
        }
      })(),
      (err: unknown) => err instanceof OutOfRangeError && err.reason === "SEQUENCE_OUT_OF_RANGE",
    );
  });

  test("progressIntervalMs paces progress to the latest, every status still arrives", async () => {
    const job = await client.submit("demo.sleep", { seconds: 0.6, steps: 120 });
    const paced: WatchEvent[] = [];
    const started = performance.now();
    for await (const ev of client.watch(job.id, { progressIntervalMs: 200 })) paced.push(ev);
    const elapsedMs = performance.now() - started;
    const progress = paced.filter((e) => e.kind === "WATCH_EVENT_KIND_PROGRESS");
    // At most one per 200 ms window the stream was open (plus the last before the end);
    // bounded by the elapsed time so a loaded machine does not turn pacing into a flake.
    const allowed = Math.ceil(elapsedMs / 200) + 2;
    assert.ok(progress.length >= 1 && progress.length <= allowed, `${progress.length} progress events in ${elapsedMs} ms`);
    assert.ok(progress.length < 60, `${progress.length} of 120 reports: not paced`);
    assert.equal(progress[progress.length - 1].progress?.current, 120, "the last report arrives");
    const seqs = paced.map((e) => e.sequence);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "rising sequences");
    assert.equal(paced[paced.length - 1].status, "JOB_STATUS_SUCCEEDED");
  });

  test("tenant is sent as x-jobplane-tenant: a non-admin naming one is refused", async () => {
    // The test server is open (one anonymous submitter): only admins may name a tenant.
    const named = new JobClient({ target: client.target, tenant: "acme" });
    try {
      await assert.rejects(
        named.list(),
        (err: unknown) => err instanceof PermissionDeniedError && err.reason === "TENANT_NOT_ALLOWED",
      );
    } finally {
      named.close();
    }
  });

  test("unknown job id is NOT_FOUND with reason JOB_NOT_FOUND", async () => {
    const missing = randomUUID();
    await assert.rejects(client.get(missing), (err: unknown) => {
      assert.ok(err instanceof NotFoundError, `got ${err}`);
      assert.ok(err instanceof JobplaneError);
      assert.equal(err.code, 5);
      assert.equal(err.codeName, "NOT_FOUND");
      assert.equal(err.reason, "JOB_NOT_FOUND");
      assert.equal(err.domain, "jobplane.dev");
      return true;
    });
    // The same mapping on a stream.
    await assert.rejects(
      (async () => {
        for await (const _ of client.watch(missing)) assert.fail("no event expected");
      })(),
      (err: unknown) => err instanceof NotFoundError && err.reason === "JOB_NOT_FOUND",
    );
  });

  test("malformed job id is INVALID_ARGUMENT with reason INVALID_JOB_ID", async () => {
    await assert.rejects(client.get("not-a-job-id"), (err: unknown) => {
      assert.ok(err instanceof InvalidArgumentError, `got ${err}`);
      assert.equal(err.reason, "INVALID_JOB_ID");
      return true;
    });
  });

  test("unknown job type is INVALID_ARGUMENT with reason UNKNOWN_JOB_TYPE", async () => {
    await assert.rejects(client.submit("no.such.type", {}), (err: unknown) => {
      assert.ok(err instanceof InvalidArgumentError, `got ${err}`);
      assert.equal(err.codeName, "INVALID_ARGUMENT");
      assert.equal(err.reason, "UNKNOWN_JOB_TYPE");
      assert.equal(err.domain, "jobplane.dev");
      assert.match(err.message, /no\.such\.type|demo\.sleep/);
      return true;
    });
  });

  test("a bad filter is INVALID_ARGUMENT with reason INVALID_FILTER", async () => {
    await assert.rejects(client.list("status = = ="), (err: unknown) => {
      assert.ok(err instanceof InvalidArgumentError, `got ${err}`);
      assert.equal(err.reason, "INVALID_FILTER");
      return true;
    });
  });

  test("submitMany is all or nothing, in order, and idempotent; bulk actions by filter", async () => {
    const tag = randomUUID().slice(0, 8);
    const jobs = [0, 1, 2].map((i) => ({
      type: "demo.fail",
      payload: { times: 9, i },
      maxAttempts: 1,
      labels: { batch: tag },
      requestId: `${tag}-${i}`,
    }));
    await assert.rejects(client.submitMany([...jobs, { type: "no.such.type" }]), (err: unknown) => {
      assert.ok(err instanceof InvalidArgumentError, `got ${err}`);
      assert.deepEqual(
        err.fieldViolations.map((v) => v.field),
        ["requests[3].type"],
      );
      return true;
    });
    assert.equal((await client.list(`labels.batch = "${tag}"`)).jobs.length, 0, "nothing written");
    const made = await client.submitMany(jobs);
    assert.deepEqual(
      made.map((j) => fromStruct(j.payload).i),
      [0, 1, 2],
    );
    const again = await client.submitMany(jobs);
    assert.deepEqual(
      again.map((j) => j.id),
      made.map((j) => j.id),
    );
    for (const job of made) assert.equal((await client.wait(job.id, 30_000)).status, "JOB_STATUS_FAILED");
    assert.equal(await client.retryMany(`labels.batch = "${tag}" AND status = FAILED`), 3);
    for (const job of made) await client.wait(job.id, 30_000);
    assert.equal(await client.deleteMany(`labels.batch = "${tag}"`, { maxJobs: 2 }), 3);
    await assert.rejects(client.get(made[0].id), NotFoundError);
    const live = await client.submit("demo.sleep", { seconds: 60 }, { labels: { batch: tag } });
    await assert.rejects(client.delete(live.id), FailedPreconditionError);
    assert.equal(await client.cancelMany(`labels.batch = "${tag}"`, { force: true }), 1);
    await client.delete(live.id);
    await assert.rejects(client.cancelMany(""), InvalidArgumentError);
  });
});

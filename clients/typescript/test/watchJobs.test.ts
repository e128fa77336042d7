// watchJobs() resumes by cursor: SIGKILL the server mid-stream, restart it on the
// same SQLite file and port, and the stream carries on after the last cursor:
// every job's change arrives exactly once, none missed.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import assert from "node:assert/strict";

import { JobClient, type JobsEvent } from "../src";
import { TestServer } from "./server";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "jobplane-ts-wj-"));
let server: TestServer | undefined;
let client: JobClient | undefined;

after(async () => {
  client?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("watchJobs resumes across SIGKILL and restart: every change once", { timeout: 120_000 }, async () => {
  const db = `sqlite:///${path.join(tmp, "watch.db")}`;
  server = await TestServer.start({ db });
  const port = server.port;
  client = new JobClient({ target: server.target });
  await client.waitForReady(10_000);
  const before = await client.submit("demo.echo", { before: true }, { startPaused: true });
  const page = await client.list();
  assert.deepEqual(page.jobs.map((j) => j.id), [before.id]);
  assert.ok(page.watchCursor, "a list carries the watch cursor");

  const events: JobsEvent[] = [];
  const reconnects: string[] = [];
  const ids: string[] = [];
  const half = 40;
  const stream = client.watchJobs("", {
    afterCursor: page.watchCursor,
    initialBackoffMs: 50,
    maxBackoffMs: 500,
    maxReconnects: 200,
    onReconnect: (_attempt, cursor) => reconnects.push(cursor),
  });
  for (let i = 0; i < half; i++) ids.push((await client.submit("demo.echo", { i }, { startPaused: true })).id);
  for await (const ev of stream) {
    events.push(ev);
    assert.ok(events.length <= 2 * half, "bounded");
    if (events.length === half / 2) {
      await server.kill(); // mid-stream, with changes the stream has not read yet
      server = await TestServer.start({ db, port });
      for (let i = half; i < 2 * half; i++) {
        ids.push((await client.submit("demo.echo", { i }, { startPaused: true })).id);
      }
    }
    if (events.length === 2 * half) break;
  }
  assert.ok(reconnects.length >= 1, "the stream was resumed");
  assert.deepEqual(events.map((e) => e.job?.id), ids, "every change once, in commit order");
  assert.ok(events.every((e) => e.status === "JOB_STATUS_PAUSED" && e.cursor));
});

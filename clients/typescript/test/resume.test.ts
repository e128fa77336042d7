// watch() survives the server dying mid-stream: SIGKILL the server, restart it
// on the same SQLite file and the same port, and the watch carries on from the
// last sequence it saw, with no duplicate and strictly rising sequences.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import assert from "node:assert/strict";

import { JobClient, type WatchEvent } from "../src";
import { TestServer } from "./server";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "jobplane-ts-"));
let server: TestServer | undefined;
let client: JobClient | undefined;

after(async () => {
  client?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("watch resumes across a server crash and restart without gaps or duplicates", { timeout: 120_000 }, async () => {
  const db = `sqlite:///${path.join(tmp, "jobs.db")}`; // sqlite:////tmp/... : an absolute path
  server = await TestServer.start({ db });
  const port = server.port;
  client = new JobClient({ target: server.target });
  await client.waitForReady(10_000);

  const job = await client.submit("demo.sleep", { seconds: 4, steps: 20 });
  const events: WatchEvent[] = [];
  const reconnects: { attempt: number; after: number }[] = [];
  let killedAfter = -1;
  let restarted: Promise<void> | undefined;

  for await (const ev of client.watch(job.id, {
    initialBackoffMs: 50,
    maxBackoffMs: 500,
    maxReconnects: 100,
    onReconnect: (attempt, after) => reconnects.push({ attempt, after }),
  })) {
    events.push(ev);
    assert.ok(events.length < 2000, "bounded");
    // After a few progress events of the first attempt, crash the server and
    // bring it back on the same file and port while the watch is reconnecting.
    if (killedAfter < 0 && ev.kind === "WATCH_EVENT_KIND_PROGRESS" && ev.progress && ev.progress.current >= 3) {
      killedAfter = ev.sequence;
      const dying = server;
      restarted = (async () => {
        await dying.kill();
        await new Promise((r) => setTimeout(r, 300)); // let the client see the drop first
        server = await TestServer.start({ db, port });
      })();
    }
  }
  await restarted;

  assert.ok(killedAfter > 0, "the server was killed mid-watch");
  assert.ok(reconnects.length >= 1, "the watch reconnected");
  assert.ok(
    reconnects.every((r) => r.after >= killedAfter),
    `reconnects resumed after the last sequence seen: ${JSON.stringify(reconnects)}`,
  );
  assert.equal(server?.port, port, "restarted on the same port");

  const seqs = events.map((e) => e.sequence);
  assert.equal(new Set(seqs).size, seqs.length, `no duplicate sequence: ${seqs}`);
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `strictly rising: ${seqs}`);
  assert.ok(
    events.some((e) => e.sequence > killedAfter),
    "events after the crash were delivered",
  );

  const last = events[events.length - 1];
  assert.equal(last.status, "JOB_STATUS_SUCCEEDED", `final status ${last.status}:\n${server?.log}`);
  const got = await client.get(job.id);
  assert.equal(got.status, "JOB_STATUS_SUCCEEDED");
  assert.equal(got.sequence, last.sequence);
  assert.ok(got.attempt >= 2, `the crash interrupted attempt 1, so it ran again (attempt ${got.attempt})`);
});

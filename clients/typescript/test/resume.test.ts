// watch() survives the server going away mid-stream: SIGKILL (or SIGTERM) the
// server, restart it on the same SQLite file and the same port, and the watch
// carries on from the last sequence it saw, with no duplicate and strictly
// rising sequences, to the job's terminal event.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import assert from "node:assert/strict";

import { JobClient, JobplaneError, UnavailableError, type WatchEvent } from "../src";
import { TestServer } from "./server";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "jobplane-ts-"));
let server: TestServer | undefined;
let client: JobClient | undefined;

after(async () => {
  client?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function watchAcrossRestart(mode: "kill" | "stop", dbName: string) {
  const db = `sqlite:///${path.join(tmp, dbName)}`; // sqlite:////tmp/... : an absolute path
  const args = ["--default-backoff", "0.1s"]; // the rescued attempt retries promptly
  server = await TestServer.start({ db, args });
  const port = server.port;
  client?.close();
  client = new JobClient({ target: server.target });
  await client.waitForReady(10_000);

  const job = await client.submit("demo.sleep", { seconds: 1.5, steps: 15 });
  const events: WatchEvent[] = [];
  const reconnects: { attempt: number; after: number; error?: JobplaneError }[] = [];
  let killedAfter = -1;
  let restarted: Promise<void> | undefined;

  for await (const ev of client.watch(job.id, {
    initialBackoffMs: 50,
    maxBackoffMs: 500,
    maxReconnects: 200,
    onReconnect: (attempt, after, error) => reconnects.push({ attempt, after, error }),
  })) {
    events.push(ev);
    assert.ok(events.length < 2000, "bounded");
    // After a few progress events of the first attempt, take the server down
    // (SIGKILL, or SIGTERM and its drain) and bring it back on the same file
    // and port while the watch is reconnecting.
    if (killedAfter < 0 && ev.kind === "WATCH_EVENT_KIND_PROGRESS" && ev.progress && ev.progress.current >= 3) {
      killedAfter = ev.sequence;
      const dying = server;
      restarted = (async () => {
        await (mode === "kill" ? dying.kill() : dying.stop());
        await new Promise((r) => setTimeout(r, 300)); // let the client see the drop first
        server = await TestServer.start({ db, port, args });
      })();
    }
  }
  await restarted;

  assert.ok(killedAfter > 0, "the server was taken down mid-watch");
  assert.ok(reconnects.length >= 1, "the watch reconnected");
  assert.ok(
    reconnects.every((r) => r.after >= killedAfter),
    `reconnects resumed after the last sequence seen: ${JSON.stringify(reconnects.map((r) => r.after))}`,
  );
  assert.equal(server?.port, port, "restarted on the same port");

  const seqs = events.map((e) => e.sequence);
  assert.equal(new Set(seqs).size, seqs.length, `no duplicate sequence: ${seqs}`);
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i] > seqs[i - 1], `strictly rising: ${seqs}`);
  assert.ok(
    events.some((e) => e.sequence > killedAfter),
    "events after the restart were delivered",
  );

  const last = events[events.length - 1];
  assert.equal(last.status, "JOB_STATUS_SUCCEEDED", `final status ${last.status}:\n${server?.log}`);
  const got = await client.get(job.id);
  assert.equal(got.status, "JOB_STATUS_SUCCEEDED");
  assert.equal(got.sequence, last.sequence);
  return { got, reconnects };
}

test("watch resumes across a server crash (SIGKILL) and restart without gaps or duplicates", { timeout: 120_000 }, async () => {
  const { got } = await watchAcrossRestart("kill", "crash.db");
  assert.ok(got.attempt >= 2, `the crash interrupted attempt 1, so it ran again (attempt ${got.attempt})`);
  await server?.stop();
});

test("watch resumes across a graceful restart (SIGTERM drain, UNAVAILABLE SHUTTING_DOWN)", { timeout: 120_000 }, async () => {
  const { reconnects } = await watchAcrossRestart("stop", "drain.db");
  const first = reconnects[0].error;
  assert.ok(first instanceof UnavailableError, `first break: ${first}`);
  assert.equal(first.reason, "SHUTTING_DOWN");
  await server?.stop();
});

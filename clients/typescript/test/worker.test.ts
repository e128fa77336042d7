// The Worker's pieces that need no server: outcome mapping and its own rules.
// Against a live server, see tests/workers/ (pytest) which runs examples/worker.ts.

import { test } from "node:test";
import * as assert from "node:assert/strict";

import { failureOf, output, RELEASED, TaskFailure } from "../src/task";
import { Worker } from "../src/worker";

test("handler results become CompleteTask requests", () => {
  const ok = output("tok", { n: 1, list: ["a"] });
  assert.equal(ok.taskToken, "tok");
  assert.deepEqual(ok.output, { fields: { n: { numberValue: 1 }, list: { listValue: { values: [{ stringValue: "a" }] } } } });
  assert.deepEqual(output("tok", undefined).output, { fields: {} });
  assert.equal(output("tok", 42).error?.reason, "BAD_HANDLER_RESULT");
  assert.equal(output("tok", [1]).error?.reason, "BAD_HANDLER_RESULT");
  assert.equal(output("tok", { bad: Infinity }).error?.reason, "BAD_HANDLER_RESULT");
});

test("errors become TaskFailures", () => {
  const chosen = failureOf("tok", new TaskFailure("BAD_INPUT", "no", { nonRetryable: true, details: { k: 1 } }), false, "");
  assert.equal(chosen.error?.reason, "BAD_INPUT");
  assert.equal(chosen.error?.nonRetryable, true);
  const plain = failureOf("tok", new RangeError("boom"), false, "");
  assert.equal(plain.error?.reason, "HANDLER_ERROR");
  assert.equal(plain.error?.message, "RangeError: boom");
  assert.equal(failureOf("tok", new Error("aborted"), false, "user asked").error?.reason, "JOB_CANCELED");
  assert.equal(failureOf("tok", new Error("aborted"), true, "worker draining").error?.reason, RELEASED);
});

test("a worker without handlers refuses to run", async () => {
  const w = new Worker({ target: "127.0.0.1:1" });
  await assert.rejects(w.run(), /no handlers/);
});

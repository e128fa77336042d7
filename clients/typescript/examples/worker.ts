// An example TypeScript worker: serves PREFIX+"echo" (returns its payload),
// PREFIX+"sleep" ({seconds, steps}: sleeps with progress, stops when aborted)
// and PREFIX+"fail" ({times}: fails that many attempts). SIGTERM/SIGINT drain it.
//
//   npm run build && node dist/examples/worker.js --target 127.0.0.1:50051 --slots 4 --prefix ts.

import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "node:util";

import { TaskFailure, Worker, type TaskContext } from "../src";

const { values } = parseArgs({
  options: {
    target: { type: "string", default: process.env.JOBPLANE_TARGET ?? "127.0.0.1:50051" },
    token: { type: "string", default: process.env.JOBPLANE_TOKEN },
    slots: { type: "string", default: "4" },
    prefix: { type: "string", default: "ts." },
    grace: { type: "string", default: "30000" },
    id: { type: "string" },
  },
});

function num(ctx: TaskContext, key: string, fallback: number): number {
  const v = ctx.payload[key];
  return typeof v === "number" ? v : fallback;
}

async function sleepHandler(ctx: TaskContext) {
  const seconds = num(ctx, "seconds", 1);
  const steps = Math.max(1, Math.floor(num(ctx, "steps", 10)));
  const start = typeof ctx.checkpoint?.step === "number" ? ctx.checkpoint.step : 0;
  for (let i = start + 1; i <= steps; i++) {
    await delay((seconds * 1000) / steps, undefined, { signal: ctx.signal });
    ctx.reportProgress(i, steps, `step ${i}/${steps}`);
  }
  return { slept_s: seconds, steps, language: "typescript" };
}

const prefix = values.prefix ?? "ts.";
const worker = new Worker({
  target: values.target!,
  token: values.token,
  slots: Number(values.slots),
  graceMs: Number(values.grace),
  workerId: values.id,
})
  .handle(`${prefix}echo`, (ctx) => ctx.payload)
  .handle(`${prefix}sleep`, sleepHandler)
  .handle(`${prefix}fail`, (ctx) => {
    if (ctx.attempt <= num(ctx, "times", 1)) throw new TaskFailure("HANDLER_ERROR", `planned failure ${ctx.attempt}`);
    return { attempts: ctx.attempt };
  });

for (const sig of ["SIGTERM", "SIGINT"] as const) process.once(sig, () => worker.stop());
console.error(`jobplane ts worker ${worker.workerId}: serving ${prefix}echo, ${prefix}sleep, ${prefix}fail`);
worker.run().then(
  () => {
    console.error(`jobplane ts worker ${worker.workerId}: drained, exiting`);
    process.exit(0);
  },
  (err) => {
    console.error(`jobplane ts worker: ${err}`);
    process.exit(1);
  },
);

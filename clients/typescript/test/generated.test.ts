// src/generated/ (type declarations only) matches the current .proto files.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";

import { PACKAGE_ROOT } from "../src/protos";

function files(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, base) : [path.relative(base, p)];
  });
}

test("src/generated is up to date with the protos (else: npm run gen:types)", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8"));
  const script: string = pkg.scripts["gen:types"];
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "jobplane-gen-"));
  try {
    const args = script
      .split(/\s+/)
      .slice(1)
      .map((a) => (a === "--outDir=src/generated" ? `--outDir=${out}` : a));
    const bin = path.join(PACKAGE_ROOT, "node_modules", ".bin", "proto-loader-gen-types");
    const res = spawnSync(bin, args, { cwd: PACKAGE_ROOT, encoding: "utf8", timeout: 60_000 });
    assert.equal(res.status, 0, `${res.stdout}${res.stderr}`);
    const committed = path.join(PACKAGE_ROOT, "src", "generated");
    const want = files(out).sort();
    assert.deepEqual(files(committed).sort(), want);
    for (const f of want) {
      assert.equal(
        fs.readFileSync(path.join(committed, f), "utf8"),
        fs.readFileSync(path.join(out, f), "utf8"),
        `src/generated/${f} is stale: run npm run gen:types`,
      );
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

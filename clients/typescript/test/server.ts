// Starts a real jobplane server (the Python one from this repository) for the tests.

import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { PACKAGE_ROOT } from "../src/protos";

export const REPO_ROOT = path.resolve(PACKAGE_ROOT, "..", "..");
const READY = /jobplane: serving on 127\.0\.0\.1:(\d+)/;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export function pythonPath(): string {
  return process.env.JOBPLANE_PYTHON ?? path.join(REPO_ROOT, ".venv", "bin", "python");
}

export interface ServerOptions {
  /** Database URL; an in-memory SQLite database when unset. */
  db?: string;
  /** Port on 127.0.0.1; a free one (0) when unset. */
  port?: number;
  /** Extra command-line arguments. */
  args?: string[];
}

export class TestServer {
  private output = "";
  private exited: Promise<void>;
  private exitCode: number | null = null;
  port = 0;

  private constructor(readonly proc: ChildProcess) {
    this.exited = new Promise((resolve) =>
      proc.once("exit", (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : 0);
        resolve();
      }),
    );
    proc.stdout?.on("data", (d: Buffer) => this.append(d));
    proc.stderr?.on("data", (d: Buffer) => this.append(d));
  }

  private append(d: Buffer): void {
    this.output += d.toString();
    if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
  }

  get target(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Everything the server printed so far (for failure messages). */
  get log(): string {
    return this.output;
  }

  static async start(opts: ServerOptions = {}): Promise<TestServer> {
    const python = pythonPath();
    if (!fs.existsSync(python)) throw new Error(`no Python at ${python}; run \`make setup\` in ${REPO_ROOT}`);
    const args = [
      "-m",
      "jobplane.server",
      "--listen",
      `127.0.0.1:${opts.port ?? 0}`,
      "--db",
      opts.db ?? "sqlite:///:memory:",
      ...(opts.args ?? []),
    ];
    const proc = spawn(python, args, {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PYTHONUNBUFFERED: "1" },
    });
    const server = new TestServer(proc);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        proc.kill("SIGKILL");
        reject(new Error(`server did not report ready within ${START_TIMEOUT_MS} ms:\n${server.log}`));
      }, START_TIMEOUT_MS);
      const onData = () => {
        const m = READY.exec(server.log);
        if (m) {
          server.port = Number(m[1]);
          cleanup();
          resolve();
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        cleanup();
        reject(new Error(`server exited (code ${code}, signal ${signal}) before ready:\n${server.log}`));
      };
      const onError = (err: Error) => {
        cleanup();
        reject(err);
      };
      const cleanup = () => {
        clearTimeout(timer);
        proc.stderr?.off("data", onData);
        proc.stdout?.off("data", onData);
        proc.off("exit", onExit);
        proc.off("error", onError);
      };
      proc.stderr?.on("data", onData);
      proc.stdout?.on("data", onData);
      proc.once("exit", onExit);
      proc.once("error", onError);
    });
    return server;
  }

  /** SIGKILL: the process dies without any cleanup, as in a crash. */
  async kill(): Promise<void> {
    if (this.exitCode === null) this.proc.kill("SIGKILL");
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  async stop(): Promise<void> {
    if (this.exitCode !== null) return;
    this.proc.kill("SIGTERM");
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { engineRequest, pingEngine } from "./engine-api.js";
import { unmountUnder } from "./mounts.js";

/** A Docker engine tests can use: one that already answered, or one started for the run. */
export interface DockerEngine {
  /** The engine's unix socket. */
  socketPath: string;
  /** `DOCKER_HOST` for it (`unix://<socketPath>`), for the docker CLI or an SDK. */
  host: string;
  /** Whether this helper started the engine (and `stop()` ends it). */
  own: boolean;
  /** Stop an engine this helper started and remove its directories; a no-op for a found one. */
  stop(): Promise<void>;
}

export interface StartDockerEngineOptions {
  /** Where `DOCKER_HOST` is read from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** The socket tried when `DOCKER_HOST` is unset (default `/var/run/docker.sock`). */
  defaultSocket?: string;
  /** How long a started `dockerd` may take to answer `/_ping` (default 60 s). */
  readyTimeoutMs?: number;
  /** The `dockerd` binary (default `dockerd` on PATH). */
  dockerd?: string;
}

const DEFAULT_SOCKET = "/var/run/docker.sock";
/** How long `stop()` waits after SIGTERM before SIGKILL: dockerd stops its containers first. */
const STOP_GRACE_MS = 20_000;

/** Everything that prevents getting an engine, as one error that says what to do. */
export class DockerEngineUnavailable extends Error {
  override name = "DockerEngineUnavailable";
}

function unixSocketOf(host: string): string {
  if (!host.startsWith("unix://")) {
    throw new DockerEngineUnavailable(
      `DOCKER_HOST=${host} is not a unix socket; the test helpers speak to an engine over a unix socket only. ` +
        "Unset DOCKER_HOST to let the tests start their own dockerd, or point it at unix:///path/docker.sock.",
    );
  }
  return host.slice("unix://".length);
}

const found = (socketPath: string): DockerEngine => ({
  socketPath,
  host: `unix://${socketPath}`,
  own: false,
  stop: async () => {},
});

/**
 * A Docker engine for tests. When `DOCKER_HOST` (or the default socket)
 * answers `/_ping`, that engine is used as it is. Otherwise a private
 * `dockerd` is started as SPEC §10 describes: data root, exec root, pid file
 * and socket in a fresh temp dir, no iptables, no bridge (so containers have
 * only the `none` and `host` networks), and the containerd it starts itself.
 * Throws `DockerEngineUnavailable` with the reason (and the tail of dockerd's
 * log) when neither works.
 */
export async function startDockerEngine(options: StartDockerEngineOptions = {}): Promise<DockerEngine> {
  const env = options.env ?? process.env;
  if (env.DOCKER_HOST) {
    const socketPath = unixSocketOf(env.DOCKER_HOST);
    if (await pingEngine(socketPath)) return found(socketPath);
    throw new DockerEngineUnavailable(
      `DOCKER_HOST=${env.DOCKER_HOST} does not answer /_ping. Start that engine, or unset DOCKER_HOST to let the tests start their own dockerd.`,
    );
  }
  const defaultSocket = options.defaultSocket ?? DEFAULT_SOCKET;
  if (existsSync(defaultSocket) && (await pingEngine(defaultSocket))) return found(defaultSocket);
  return startOwnDockerd(options);
}

function dockerdOnPath(dockerd: string): boolean {
  try {
    execFileSync(dockerd, ["--version"], { stdio: "ignore", timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

function logTail(logFile: string, lines = 30): string {
  try {
    return readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

async function startOwnDockerd(options: StartDockerEngineOptions): Promise<DockerEngine> {
  const dockerd = options.dockerd ?? "dockerd";
  if (!dockerdOnPath(dockerd)) {
    throw new DockerEngineUnavailable(
      `no Docker engine answers and ${dockerd} is not installed. Install it (apt-get install -y docker.io) or set DOCKER_HOST to a running engine.`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new DockerEngineUnavailable(
      "no Docker engine answers and starting dockerd needs root. Run the tests as root, or start an engine and set DOCKER_HOST.",
    );
  }
  // A short path: the socket path must stay under the 108-byte unix socket limit.
  const dir = mkdtempSync(join(tmpdir(), "ao-dockerd-"));
  const socketPath = join(dir, "docker.sock");
  const logFile = join(dir, "dockerd.log");
  const configFile = join(dir, "daemon.json");
  // An empty config: the machine's /etc/docker/daemon.json must not change the test engine.
  writeFileSync(configFile, "{}\n");
  const log = openSync(logFile, "a");
  const child = spawn(
    dockerd,
    [
      "--config-file",
      configFile,
      "--data-root",
      join(dir, "root"),
      "--exec-root",
      join(dir, "exec"),
      "--pidfile",
      join(dir, "dockerd.pid"),
      "-H",
      `unix://${socketPath}`,
      "--iptables=false",
      "--ip6tables=false",
      "--bridge=none",
      // Test containers need no grace period at shutdown: stop() should not wait 15 s per run.
      "--shutdown-timeout=1",
    ],
    { detached: true, stdio: ["ignore", log, log] },
  );
  closeSync(log);
  child.unref();
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  const engine = ownEngine(dir, socketPath, child, exited);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  while (!(await pingEngine(socketPath, 1_000))) {
    if (dead || Date.now() > deadline) {
      const what = dead ? "dockerd exited before it answered" : "dockerd did not answer /_ping in time";
      const tail = logTail(logFile);
      await engine.stop();
      throw new DockerEngineUnavailable(`${what} (socket ${socketPath}). ` + `The end of its log:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return engine;
}

/** Processes whose command line names `dir` (dockerd's containerd and shims), for the last-resort kill. */
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(dir)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Kill the engine's running containers first: on SIGTERM dockerd gives each
 * one its stop timeout (10 s by default) whatever `--shutdown-timeout` says.
 */
async function killContainers(socketPath: string): Promise<void> {
  try {
    const list = await engineRequest(socketPath, "GET", "/containers/json", { timeoutMs: 5_000 });
    const ids = (JSON.parse(list.body) as { Id: string }[]).map((c) => c.Id);
    await Promise.all(
      ids.map((id) =>
        engineRequest(socketPath, "POST", `/containers/${id}/kill`, { timeoutMs: 5_000 }).catch(() => {}),
      ),
    );
  } catch {
    // the engine is already going: SIGTERM and SIGKILL below still end it
  }
}

function ownEngine(
  dir: string,
  socketPath: string,
  child: ChildProcess,
  exited: Promise<void>,
): DockerEngine {
  let stopping: Promise<void> | undefined;
  const removeAll = () => {
    for (const pid of processesUsing(dir)) killQuietly(pid, "SIGKILL");
    unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  // If the test process ends without teardown (a crash, Ctrl-C), leave no engine behind.
  const onExit = () => {
    if (child.pid) killQuietly(-child.pid, "SIGKILL");
    removeAll();
  };
  process.once("exit", onExit);
  const stop = async () => {
    process.removeListener("exit", onExit);
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      await killContainers(socketPath);
      // dockerd stops its containers and its containerd on SIGTERM; the whole group gets KILL if it hangs.
      killQuietly(child.pid, "SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((r) => {
        timer = setTimeout(() => r("late"), STOP_GRACE_MS);
      });
      if ((await Promise.race([exited, late])) === "late") {
        killQuietly(-child.pid, "SIGKILL");
        await exited;
      }
      clearTimeout(timer);
    }
    removeAll();
  };
  return {
    socketPath,
    host: `unix://${socketPath}`,
    own: true,
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}

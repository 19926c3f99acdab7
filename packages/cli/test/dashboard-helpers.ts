import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { WebSocket } from "ws";
import { type Daemon, startDaemon } from "./daemon-helpers.js";
import { FIXTURES, fakeWorld } from "./helpers.js";
import { send } from "./http-client.js";

/** The value of a variable the config marks secret (`webhookUrlEnv`): no dashboard answer may hold it. */
export const HOOK = "https://hooks.example.invalid/services/T0001/B0002/leakme";
/** What a file outside the dashboard's directory holds: a traversal that reads it shows this. */
export const OUTSIDE = "OUTSIDE-THE-DASHBOARD-7f3a";
export const INDEX =
  "<!doctype html><title>ao dashboard test build</title><script type=module src=/assets/app-1a2b3c.js></script>";

/** A build of the dashboard in a temp dir, with a file and a symlink outside it. */
function fakeBuild(dir: string): string {
  const dist = join(dir, "dist");
  mkdirSync(join(dist, "assets"), { recursive: true });
  writeFileSync(join(dist, "index.html"), INDEX);
  writeFileSync(join(dist, "assets", "app-1a2b3c.js"), "console.log('board')");
  writeFileSync(join(dist, "assets", "app-1a2b3c.css"), "body{}");
  writeFileSync(join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  writeFileSync(join(dir, "outside.txt"), OUTSIDE);
  symlinkSync(join(dir, "outside.txt"), join(dist, "link.txt"));
  return dist;
}

export interface DashboardWorld {
  world: ReturnType<typeof fakeWorld>;
  daemon: Daemon;
  host: string;
  origin: string;
  /** The browser's session cookie, from the printed login URL. */
  cookie: string;
  /** The login URL `ao start --json` printed. */
  loginUrl: string;
}

/** The fakes world with a secret-bearing notifier and a dashboard build, its daemon, and a logged-in browser. */
export async function dashboardWorld(): Promise<DashboardWorld> {
  const world = fakeWorld();
  const config = join(world.dir, "ao.config.ts");
  writeFileSync(
    config,
    readFileSync(config, "utf8").replace(
      'notifiers: [fakeNotifier({ stateFile: file("notifier") })],',
      'notifiers: [fakeNotifier({ stateFile: file("notifier") }), ["ao-notifier-leaky", { webhookUrlEnv: "AO_TEST_HOOK" }]],',
    ),
  );
  cpSync(
    join(FIXTURES, "packages", "ao-notifier-leaky"),
    join(world.dir, "node_modules", "ao-notifier-leaky"),
    {
      recursive: true,
    },
  );
  world.env.AO_TEST_HOOK = HOOK;
  world.env.AO_DASHBOARD_DIR = fakeBuild(world.dir);
  const daemon = await startDaemon(world, world.env, ["--json"]);
  for (let i = 0; i < 100 && !daemon.stdout().trim().endsWith("}"); i++) await sleep(50);
  const { loginUrl } = JSON.parse(daemon.stdout()) as { loginUrl: string };
  const host = `127.0.0.1:${daemon.port}`;
  const url = new URL(loginUrl);
  const login = await send(daemon.port, "GET", url.pathname + url.search, { host });
  const cookie = String(login.headers["set-cookie"]).split(";")[0] as string;
  return { world, daemon, host, origin: `http://${host}`, cookie, loginUrl };
}

/** A JSON request as the logged-in browser makes it (cookie, and its own Origin when it acts). */
export async function browser(d: DashboardWorld, method: string, path: string, body?: unknown) {
  const answer = await send(
    d.daemon.port,
    method,
    path,
    {
      host: d.host,
      cookie: d.cookie,
      ...(method === "GET" ? {} : { origin: d.origin, "content-type": "application/json" }),
    },
    body === undefined ? (method === "GET" ? undefined : "{}") : JSON.stringify(body),
  );
  return { ...answer, json: () => JSON.parse(answer.body) as Record<string, unknown> };
}

/** A terminal websocket viewer that keeps everything it receives; `opened` rejects with the refusal's status and body. */
export function viewer(url: string, headers: Record<string, string>) {
  const ws = new WebSocket(url, { headers });
  const state = { text: "", closed: null as null | { code: number; reason: string } };
  ws.on("message", (data: Buffer) => {
    state.text += data.toString("utf8");
  });
  ws.on("close", (code, reason) => {
    state.closed = { code, reason: reason.toString() };
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString("utf8");
      });
      res.on("end", () => reject(new Error(`refused with ${res.statusCode}: ${body}`)));
    });
    ws.once("error", reject);
  });
  return { ws, state, opened };
}

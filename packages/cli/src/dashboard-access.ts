import type { DashboardAccess } from "@ao/core";
import { callDaemon } from "./daemon-client.js";
import { readToken } from "./home.js";

/**
 * The running daemon's dashboard for a terminal plugin, or undefined when no
 * daemon runs. The admin token is used only as this process's bearer to ask
 * for a one-time login URL; it never goes into a URL.
 */
export async function dashboardAccess(home: string): Promise<DashboardAccess | undefined> {
  const { readDaemonInfo } = await import("@ao/engine");
  const info = readDaemonInfo(home);
  if (!info) return undefined;
  const address = info.host === "0.0.0.0" ? "127.0.0.1" : info.host === "::" ? "::1" : info.host;
  const url = `http://${address.includes(":") ? `[${address}]` : address}:${info.port}`;
  return {
    url,
    async loginUrl(path) {
      const { url: login } = await callDaemon<{ url: string }>(
        info,
        readToken(home),
        "POST",
        "/api/login-url",
        {
          next: path,
        },
      );
      // Where the browser lands after login: a daemon that does not know `next` lands on its home page.
      const target = new URL(login);
      if (!target.searchParams.has("next")) target.searchParams.set("next", path);
      return target.toString();
    },
  };
}

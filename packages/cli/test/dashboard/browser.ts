import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { toolAvailable } from "@ao/testkit";
import { type Browser, chromium } from "playwright-core";
import { CLI_DIR } from "../helpers.js";

/** Debian's Chromium: `$CHROMIUM_PATH`, else `chromium` on PATH (`.ci/run` installs it). */
export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Whether the browser is there and starts at all. */
export function hasChromium(): boolean {
  const path = chromiumPath();
  return path !== undefined && toolAvailable(path, ["--headless", "--no-sandbox", "--version"]);
}

/**
 * Headless Chromium as root on a machine without internet: no sandbox (root),
 * and none of the browser's own connections (updates, sync, QUIC probes),
 * which a closed network refuses. Playwright gives every launch a fresh,
 * empty profile directory.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath() as string,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Where screenshots go: `$AO_SCREENSHOT_DIR`, else the package's git-ignored `test-output/`. */
export function screenshotDir(): string {
  const dir = process.env.AO_SCREENSHOT_DIR || join(CLI_DIR, "test-output");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The two viewports the screenshots are taken at. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

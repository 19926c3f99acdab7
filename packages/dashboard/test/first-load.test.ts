import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
// The published entry, as the daemon imports it (a package may import itself by name).
import { distDir } from "@ao/dashboard";

/** The budget of the first load: every file index.html pulls in before the board shows. */
const FIRST_LOAD_GZIP_BUDGET = 150 * 1024;

const html = () => readFileSync(join(distDir, "index.html"), "utf8");

/** Local files index.html references, then the static imports of each script, transitively. */
function firstLoadFiles(): string[] {
  const seen = new Set<string>();
  const queue = [...html().matchAll(/\b(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1] as string);
  while (queue.length > 0) {
    const url = queue.shift() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    if (!url.endsWith(".js")) continue;
    const code = readFileSync(join(distDir, url), "utf8");
    // Static imports only (`import{a}from"./x.js"`, `import"./x.js"`): dynamic `import(` loads later.
    for (const m of code.matchAll(/\bimport\s*(?:[\w{}$*,\s]+from\s*)?["'](\.\/[^"']+)["']/g)) {
      queue.push(new URL(m[1] as string, `http://x${url}`).pathname);
    }
  }
  return [...seen];
}

describe("the built dashboard", () => {
  it("exports the folder of the built app", () => {
    expect(existsSync(join(distDir, "index.html"))).toBe(true);
  });

  it(`loads under ${FIRST_LOAD_GZIP_BUDGET / 1024} KB gzipped before the board shows`, () => {
    const files = firstLoadFiles();
    expect(files.some((f) => f.endsWith(".js"))).toBe(true);
    expect(files.some((f) => f.endsWith(".css"))).toBe(true);
    const sizes = files.map((f) => ({ f, gz: gzipSync(readFileSync(join(distDir, f))).length }));
    const total = sizes.reduce((n, s) => n + s.gz, 0) + gzipSync(html()).length;
    expect(total, JSON.stringify(sizes)).toBeLessThan(FIRST_LOAD_GZIP_BUDGET);
    // xterm is the big one: it must stay out of the first load (the session page loads it).
    expect(files.filter((f) => /xterm/.test(f))).toEqual([]);
  });

  it("has no inline script or style, so `default-src 'self'` holds", () => {
    const page = html();
    for (const m of page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
      expect(m[0]).toMatch(/\bsrc="\/assets\//);
      expect(m[1]?.trim()).toBe("");
    }
    expect(page).not.toMatch(/<style\b/);
    expect(page).not.toMatch(/\son[a-z]+=/i);
  });

  it("never writes markup from strings: no innerHTML or dangerouslySetInnerHTML in the app's code", () => {
    const dir = fileURLToPath(new URL("../app/src", import.meta.url));
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const code = readFileSync(join(dir, f), "utf8");
      expect(
        /dangerouslySetInnerHTML|\.(?:inner|outer)HTML\b|insertAdjacentHTML|document\.write/.test(code),
        f,
      ).toBe(false);
    }
  });
});

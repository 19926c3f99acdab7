import { describe, expect, it } from "vitest";
import {
  launchdLabel,
  launchdPlist,
  type ServiceSpec,
  serviceName,
  systemdUnit,
  xmlText,
} from "./unit-files.js";

const NASTY = `/tmp/a dir/with "quotes" & <tags> 'single' $HOME %h \\back`;
const spec: ServiceSpec = {
  node: "/usr/bin/node",
  bin: `${NASTY}/bin.js`,
  config: `${NASTY}/ao.config.ts`,
  home: `${NASTY}/home`,
  path: "/usr/local/bin:/usr/bin",
  log: `${NASTY}/home/daemon.log`,
};

/** Undo systemd's quoting of one double-quoted word (the inverse of what the unit writer does). */
function systemdUnquote(word: string): string {
  expect(word.startsWith('"') && word.endsWith('"')).toBe(true);
  return word
    .slice(1, -1)
    .replace(/%%/g, "%")
    .replace(/\$\$/g, "$")
    .replace(/\\(["\\])/g, "$1");
}

/** Split an Exec line into its double-quoted words, honouring backslash escapes. */
function words(line: string): string[] {
  return Array.from(line.matchAll(/"(?:[^"\\]|\\.)*"/g), (m) => m[0]);
}

/** A strict-enough XML check: tags balance, and no text holds a raw `<` or a bare `&`. */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*<!DOCTYPE[^>]*>\s*/, "");
  const stack: string[] = [];
  for (const part of body.split(/(<[^>]*>)/)) {
    if (part.startsWith("<")) {
      const tag = /^<(\/?)([A-Za-z]+)[^>]*?(\/?)>$/.exec(part);
      if (!tag) return false;
      if (tag[3]) continue;
      if (tag[1]) {
        if (stack.pop() !== tag[2]) return false;
      } else stack.push(tag[2] as string);
    } else if (/[<>]|&(?!(amp|lt|gt|quot|apos);)/.test(part)) return false;
  }
  return stack.length === 0;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

describe("service unit files", () => {
  it("names the service after AO_HOME unless it is the default", () => {
    expect(serviceName("/home/me/.ao", "/home/me/.ao")).toBe("ao");
    expect(serviceName("/srv/ao-b", "/home/me/.ao")).toMatch(/^ao-[0-9a-f]{8}$/);
    expect(serviceName("/srv/ao-b", "/home/me/.ao")).not.toBe(serviceName("/srv/ao-c", "/home/me/.ao"));
    expect(launchdLabel("ao")).toBe("dev.ao.daemon");
  });

  it("writes a systemd unit that restarts on failure and keeps every value intact", () => {
    const unit = systemdUnit(spec);
    expect(unit).toContain("Restart=on-failure");
    expect(unit).toContain("WantedBy=default.target");
    const exec = unit.split("\n").find((l) => l.startsWith("ExecStart=")) as string;
    expect(words(exec).map(systemdUnquote)).toEqual([spec.node, spec.bin, "start", "--config", spec.config]);
    // `$` and `%` would be expanded by systemd if they were not doubled.
    expect(exec).toContain("$$HOME");
    expect(exec).toContain("%%h");
    const env = unit.split("\n").filter((l) => l.startsWith("Environment="));
    expect(env.map((l) => systemdUnquote(l.slice("Environment=".length)))).toEqual([
      `AO_HOME=${spec.home}`,
      `PATH=${spec.path}`,
    ]);
  });

  it("writes a launchd plist that is well-formed XML with every value escaped", () => {
    const plist = launchdPlist("dev.ao.daemon", spec);
    expect(wellFormed(plist)).toBe(true);
    expect(plist).toMatch(/<key>KeepAlive<\/key>\s*<dict>\s*<key>SuccessfulExit<\/key>\s*<false\/>/);
    const strings = Array.from(plist.matchAll(/<string>([^<]*)<\/string>/g), (m) => decode(m[1] as string));
    expect(strings).toEqual([
      "dev.ao.daemon",
      spec.node,
      spec.bin,
      "start",
      "--config",
      spec.config,
      spec.home,
      spec.path,
      spec.log,
      spec.log,
    ]);
    expect(wellFormed(`<a>${NASTY}</a>`)).toBe(false); // the check does catch raw markup
    expect(xmlText(NASTY)).not.toMatch(/[<>"']/);
  });

  it("refuses values with a line break, which would end a unit line early", () => {
    expect(() => systemdUnit({ ...spec, home: "/tmp/x\nExecStartPre=/bin/sh" })).toThrow(/line break/);
    expect(() => launchdPlist("l", { ...spec, config: "/tmp/x\n" })).toThrow(/line break/);
  });
});

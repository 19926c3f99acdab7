import type { Notification } from "@ao/core";
import { expect, it } from "vitest";
import { osascriptArgs } from "./commands.js";

const n: Notification = {
  kind: "ready_to_merge",
  priority: "action",
  title: '-quote" & do shell script "id',
  body: "body",
  sessionId: "s",
  project: "p",
  action: {},
  at: 0,
};

it("passes title and body to osascript as script arguments, not source", () => {
  const args = osascriptArgs(n);
  const source = args.filter((_, i) => args[i - 1] === "-e").join("\n");
  expect(source).not.toContain("id");
  expect(source).toContain("item 1 of argv");
  expect(args.slice(-2)).toEqual(['ao: -quote" & do shell script "id', "body"]);
});

it("keeps a leading dash from being read as an osascript flag", () => {
  expect(osascriptArgs({ ...n, body: "-e bad" }).at(-1)).toBe(" -e bad");
});

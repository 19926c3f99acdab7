import { AoError } from "@ao/core";
import { Document, isMap, isScalar, LineCounter, parseDocument } from "yaml";

/** Where the comments section starts; the description is everything above it. */
export const COMMENTS_MARKER = "<!-- ao:comments -->";

/** One issue file, split into its front matter (kept as a YAML document so edits preserve it) and the rest. */
export interface IssueFile {
  doc: Document;
  title: string;
  state: "open" | "closed";
  labels: string[];
  assignee?: string;
  session?: string;
  /** The description: the text after the front matter, up to the comments section. */
  body: string;
  /** Everything after the front matter, exactly as in the file. */
  rest: string;
}

export function malformed(file: string, line: number, problem: string): AoError {
  return new AoError({
    code: "ISSUE_MALFORMED",
    message: `${file}:${line}: ${problem}.`,
    hint: "Issue files start with front matter between two `---` lines: title (text), state (open or closed), labels (a list).",
  });
}

/** Parse an issue file; errors name the file and the line. */
export function parseIssueFile(file: string, text: string): IssueFile {
  const source = text.replace(/^\uFEFF/, "");
  const open = /^---[ \t]*\r?\n/.exec(source);
  if (!open) throw malformed(file, 1, "no front matter (the file must start with a `---` line)");
  const afterOpen = open[0].length;
  const close = /^---[ \t]*$/m.exec(source.slice(afterOpen));
  if (!close) throw malformed(file, 1, "the front matter is not closed by a `---` line");
  const yamlText = source.slice(afterOpen, afterOpen + close.index);
  let rest = source.slice(afterOpen + close.index + close[0].length);
  rest = rest.replace(/^\r?\n/, "");

  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true });
  // +1: the opening `---` is line 1 of the file.
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line + 1;
  const yamlError = doc.errors[0];
  if (yamlError) {
    throw malformed(file, lineOf(yamlError.pos[0]), `invalid YAML: ${yamlError.message.split("\n")[0]}`);
  }
  if (doc.contents !== null && !isMap(doc.contents))
    throw malformed(file, 2, "the front matter must be key: value pairs");
  const keyLine = (key: string) => {
    const pair = isMap(doc.contents)
      ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key)
      : undefined;
    return lineOf((pair?.key as { range?: [number] } | undefined)?.range?.[0]);
  };

  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const title = data.title;
  if (typeof title !== "string" && typeof title !== "number") {
    throw malformed(file, keyLine("title"), "`title` must be text");
  }
  const state = data.state ?? "open";
  if (state !== "open" && state !== "closed")
    throw malformed(file, keyLine("state"), "`state` must be open or closed");
  const labels = data.labels ?? [];
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== "string" && typeof l !== "number")) {
    throw malformed(file, keyLine("labels"), "`labels` must be a list of names");
  }
  for (const key of ["assignee", "session"] as const) {
    const value = data[key];
    if (value !== undefined && value !== null && typeof value !== "string") {
      throw malformed(file, keyLine(key), `\`${key}\` must be text`);
    }
  }
  const marker = rest.indexOf(`\n${COMMENTS_MARKER}`);
  const description = marker >= 0 ? rest.slice(0, marker) : rest.startsWith(COMMENTS_MARKER) ? "" : rest;
  return {
    doc,
    title: String(title),
    state,
    labels: labels.map(String),
    ...(typeof data.assignee === "string" ? { assignee: data.assignee } : {}),
    ...(typeof data.session === "string" ? { session: data.session } : {}),
    body: description.replace(/^(?:[ \t]*\r?\n)+/, "").replace(/\s+$/, ""),
    rest,
  };
}

/** The file text for a front matter document and the rest of the file. */
export function formatIssueFile(doc: Document, rest: string): string {
  return `---\n${doc.toString({ lineWidth: 0 })}---\n${rest}`;
}

/** A new issue file. */
export function newIssueText(fields: {
  title: string;
  state?: "open" | "closed";
  labels?: string[];
  assignee?: string;
  body?: string;
}): string {
  const doc = new Document({
    title: fields.title,
    state: fields.state ?? "open",
    labels: fields.labels ?? [],
    ...(fields.assignee ? { assignee: fields.assignee } : {}),
  });
  return formatIssueFile(doc, fields.body ? `\n${fields.body.replace(/\n*$/, "\n")}` : "");
}

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  createReadStream,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DockerEngine } from "./docker-engine.js";
import { engineRequest } from "./engine-api.js";

/** Bump when the recipe changes in a way the input hash cannot see. */
const RECIPE = "ao-test-image/1";
/** The repository of the test image; the tag is the hash of its inputs. */
export const TEST_IMAGE_REPO = "ao-test";

export interface TestImageOptions {
  /** The node binary to ship (default the one running the tests). */
  node?: string;
  /** The static busybox (default `/bin/busybox`, from Debian's busybox-static). */
  busybox?: string;
  /** Where built image tars are cached between runs (default `<tmpdir>/ao-test-image`). */
  cacheDir?: string;
}

const HOST_GIT = ["/usr/bin/git", "/usr/lib/git-core", "/usr/share/git-core/templates"];

function isElf(path: string): boolean {
  try {
    return readFileSync(path).subarray(0, 4).toString("latin1") === "\x7fELF";
  } catch {
    return false;
  }
}

function filesBelow(path: string): string[] {
  const st = lstatSync(path);
  if (!st.isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesBelow(join(path, name)));
}

/** The shared libraries `binaries` load (their ldd closure, which already lists indirect ones). */
function librariesOf(binaries: string[]): string[] {
  const seen = new Set<string>();
  const inodes = new Set<string>();
  for (const binary of binaries) {
    const st = statSync(binary);
    const key = `${st.dev}:${st.ino}`;
    if (inodes.has(key)) continue;
    inodes.add(key);
    const out = execFileSync("ldd", [binary], { encoding: "utf8" });
    for (const line of out.split("\n")) {
      const path = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line)?.[1];
      if (path) seen.add(path);
    }
  }
  return [...seen].sort();
}

function busyboxApplets(busybox: string): string[] {
  return execFileSync(busybox, ["--list"], { encoding: "utf8" })
    .split("\n")
    .map((s) => s.trim())
    .filter((s) => /^[a-z0-9_.[-]+$/.test(s) && s !== "busybox");
}

/** The host paths, the generated files and the hash that names the image. */
function recipe(options: TestImageOptions) {
  const node = realpathSync(options.node ?? process.execPath);
  const busybox = options.busybox ?? "/bin/busybox";
  for (const [what, path, fix] of [
    ["busybox", busybox, "apt-get install -y busybox-static"],
    ["git", "/usr/bin/git", "apt-get install -y git"],
    ["node", node, "install Node 20 or 22"],
  ] as const) {
    if (!existsSync(path)) throw new Error(`the test image needs ${what} at ${path}: ${fix}`);
  }
  const hostFiles = HOST_GIT.filter((p) => existsSync(p));
  const elves = [node, ...hostFiles.flatMap(filesBelow).filter(isElf)];
  const libraries = librariesOf(elves);
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  // Root, nobody and the test user (the runtime runs containers as the host user).
  const passwd = [
    "root:x:0:0:root:/root:/bin/sh",
    "nobody:x:65534:65534:nobody:/nonexistent:/bin/sh",
    ...(uid !== 0 ? [`ao:x:${uid}:${gid}:ao:/home/ao:/bin/sh`] : []),
  ].join("\n");
  const group = ["root:x:0:", "nogroup:x:65534:", ...(gid !== 0 ? [`ao:x:${gid}:`] : [])].join("\n");
  const hash = createHash("sha256").update(RECIPE).update(passwd).update(group);
  for (const path of [busybox, node, ...hostFiles.flatMap(filesBelow), ...libraries]) {
    const st = statSync(path);
    hash.update(`${path}\0${st.size}\0${st.mtimeMs}\0`);
  }
  return { node, busybox, hostFiles, libraries, passwd, group, tag: hash.digest("hex").slice(0, 16) };
}

/** Lay out the generated part of the root file system: busybox, node, /etc, the empty dirs. */
function stage(dir: string, r: ReturnType<typeof recipe>): void {
  for (const d of ["bin", "etc", "root", "home/ao", "usr/local/bin", "workspace", "tmp"]) {
    mkdirSync(join(dir, d), { recursive: true });
  }
  chmodSync(join(dir, "tmp"), 0o1777);
  copyFileSync(r.busybox, join(dir, "bin/busybox"));
  chmodSync(join(dir, "bin/busybox"), 0o755);
  for (const applet of busyboxApplets(r.busybox)) {
    if (!existsSync(join(dir, "bin", applet))) symlinkSync("busybox", join(dir, "bin", applet));
  }
  copyFileSync(r.node, join(dir, "usr/local/bin/node"));
  chmodSync(join(dir, "usr/local/bin/node"), 0o755);
  writeFileSync(join(dir, "etc/passwd"), `${r.passwd}\n`);
  writeFileSync(join(dir, "etc/group"), `${r.group}\n`);
}

/** Build the rootfs tar into the cache (atomically: concurrent runs may race). */
function buildTar(r: ReturnType<typeof recipe>, tarPath: string): void {
  const staging = mkdtempSync(join(tmpdir(), "ao-test-rootfs-"));
  try {
    stage(staging, r);
    const partial = `${tarPath}.${process.pid}.partial`;
    const relative = (p: string) => p.replace(/^\//, "");
    // -h: libraries are reached through symlinks (/lib -> usr/lib, libz.so.1 -> libz.so.1.2.x); store their contents.
    execFileSync(
      "tar",
      [
        "-c",
        "-f",
        partial,
        "--numeric-owner",
        "--owner=0",
        "--group=0",
        "-C",
        staging,
        ".",
        "-h",
        "-C",
        "/",
        ...[...r.hostFiles, ...r.libraries].map(relative),
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    renameSync(partial, tarPath);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** A day: tars of older inputs (a node or git since updated) are removed after that long unused. */
const STALE_TAR_MS = 24 * 60 * 60 * 1000;

/** Remove cached tars of other inputs that no run used for a day (150 MB each). */
function pruneCache(cacheDir: string): void {
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_TAR_MS) rmSync(path, { force: true });
    } catch {
      // removed by a concurrent run
    }
  }
}

/**
 * The test image, built without a registry: a root file system assembled
 * from the host (static busybox for `sh` and the core utilities, `git` with
 * its helpers and libraries, the host's `node` and the libraries `ldd`
 * finds, `/etc/passwd` with root, nobody and the test user) and imported
 * into `engine` as `ao-test:<hash of the inputs>`. The tar is cached on the
 * host and the import skipped when the engine has the tag, so only a
 * changed input costs a rebuild. Returns the image reference.
 */
export async function buildTestImage(
  engine: Pick<DockerEngine, "socketPath">,
  options: TestImageOptions = {},
): Promise<string> {
  const r = recipe(options);
  const ref = `${TEST_IMAGE_REPO}:${r.tag}`;
  const existing = await engineRequest(engine.socketPath, "GET", `/images/${ref}/json`);
  if (existing.status === 200) return ref;
  const cacheDir = options.cacheDir ?? join(tmpdir(), "ao-test-image");
  mkdirSync(cacheDir, { recursive: true });
  const tarPath = join(cacheDir, `${r.tag}.tar`);
  if (!existsSync(tarPath)) {
    pruneCache(cacheDir);
    buildTar(r, tarPath);
  } else {
    utimesSync(tarPath, new Date(), new Date()); // in use: not stale for pruneCache
  }
  const changes = ["ENV PATH=/usr/local/bin:/usr/bin:/bin", 'CMD ["/bin/sh"]'];
  const query = new URLSearchParams({ fromSrc: "-", repo: TEST_IMAGE_REPO, tag: r.tag });
  for (const change of changes) query.append("changes", change);
  const answer = await engineRequest(engine.socketPath, "POST", `/images/create?${query}`, {
    body: createReadStream(tarPath),
    contentType: "application/x-tar",
    timeoutMs: 300_000,
  });
  // The engine streams progress as JSON lines; an import error comes as `errorDetail` with status 200.
  if (answer.status !== 200 || answer.body.includes('"errorDetail"')) {
    throw new Error(`importing the test image failed (HTTP ${answer.status}): ${answer.body.slice(-500)}`);
  }
  const check = await engineRequest(engine.socketPath, "GET", `/images/${ref}/json`);
  if (check.status !== 200) throw new Error(`the engine has no ${ref} after the import: ${check.body}`);
  return ref;
}

/** Where a host path of the recipe ends up (exported for the tests of the recipe). */
export const testImagePaths = { node: "/usr/local/bin/node", git: "/usr/bin/git", sh: "/bin/sh" } as const;

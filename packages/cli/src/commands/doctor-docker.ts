import { dockerChecks } from "@ao/runtime-docker";
import type { ResolvedProject } from "../config/normalize.js";
import type { Check } from "./doctor-check.js";

const NAMES = ["docker", "@ao/runtime-docker"];

/** The Docker runtime's options when the project runs on it (a tuple shows them; a bare name or instance does not). */
export function dockerOptions(project: ResolvedProject): Record<string, unknown> | null {
  const value = project.slots.runtime.value as unknown;
  if (typeof value === "string") return NAMES.includes(value) ? {} : null;
  if (Array.isArray(value) && typeof value[0] === "string" && NAMES.includes(value[0]))
    return (value[1] ?? {}) as Record<string, unknown>;
  const name = (value as { name?: unknown } | null)?.name;
  return name === "@ao/runtime-docker" ? {} : null;
}

/** `ao doctor` for a project on the Docker runtime: the socket is usable, the engine answers, the image exists, egress. */
export async function dockerRuntimeChecks(
  project: ResolvedProject,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Check[]> {
  const options = dockerOptions(project);
  if (!options) return [];
  const str = (k: string) => (typeof options[k] === "string" ? (options[k] as string) : undefined);
  const image = str("image");
  const socketPath = str("socketPath");
  const network = str("network");
  return dockerChecks(
    {
      ...(image ? { image } : {}),
      ...(socketPath ? { socketPath } : {}),
      ...(network ? { network } : {}),
      ...(options.egress !== undefined ? { egress: options.egress } : {}),
    },
    project.id,
    env,
  );
}

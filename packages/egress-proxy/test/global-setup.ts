import { join } from "node:path";
import { buildIfStale, dockerGlobalSetup, type ProvidingProject } from "@ao/testkit";

/** The relay runs from dist (as containers run it); one Docker engine and test image for the run. */
export default (project: ProvidingProject) => {
  buildIfStale(join(import.meta.dirname, ".."));
  return dockerGlobalSetup(project, { image: true });
};

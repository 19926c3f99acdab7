import { dockerGlobalSetup, type ProvidingProject } from "@ao/testkit";

/** One Docker engine (found or started) and the test image for all test files of this run. */
export default (project: ProvidingProject) => dockerGlobalSetup(project, { image: true });

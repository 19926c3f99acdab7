export { checkDocsLinks, checkReadmeLinks, type DocsLinkProblem } from "./docs-links.js";
export { checkReadmes, type ReadmeProblem } from "./readmes.js";
export { checkDependencyDirection, formatViolations, type Violation } from "./dependency-direction.js";
export { importSpecifiers, packageOf } from "./imports.js";
export {
  type DocsDrift,
  formatDrift,
  generatedDocs,
  loadPluginDocs,
  type OptionDoc,
  optionsTable,
  type PluginDoc,
  REGENERATE,
  replaceBetween,
} from "./options-docs.js";
export { listPackages, type Role, type WorkspacePackage } from "./workspace.js";
export {
  formatLintFailures,
  type LintFailure,
  type LintOptions,
  lintPackages,
  type PublishedPackage,
  publishedPackages,
  type Runner,
} from "./lint-packages.js";
export { findRoot } from "./root.js";

export { checkDependencyDirection, formatViolations, type Violation } from "./dependency-direction.js";
export { importSpecifiers, packageOf } from "./imports.js";
export { listPackages, type Role, type WorkspacePackage } from "./workspace.js";

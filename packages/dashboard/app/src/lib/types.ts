// The API's shapes are declared once, next to the package's entry, and shared with the daemon.
export type * from "../../../src/api-types.js";

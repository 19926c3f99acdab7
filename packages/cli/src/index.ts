/**
 * @ao/cli's public face: what an `ao.config.ts` imports. `defineConfig` and
 * the config types are core's, re-exported so a config needs only `@ao/cli`.
 */
export { defineConfig, definePlugin } from "@ao/core";
export type {
  AoConfig,
  ConfigEnv,
  ConfigInput,
  IntakeConfig,
  ProjectConfig,
  ReactionConfig,
  SlotDefaults,
  SlotValue,
} from "@ao/core";

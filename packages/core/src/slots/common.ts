/** What every plugin call about a project receives: the resolved project settings. */
export interface ProjectRef {
  /** The project's key in `projects`. */
  id: string;
  /** What the SCM understands: `owner/name`, or a bare repository's path or URL for scm-local. */
  repo: string;
  /** The user's local checkout (absolute path). */
  path: string;
  defaultBranch: string;
  /**
   * The project's plugin data directory, `$AO_HOME/projects/<id>/plugins`: where plugins keep
   * their own state for this project (use a subfolder named for the plugin). Not the config's
   * `dataDir`, which is the home itself.
   */
  dataDir: string;
}

/** Services the host hands a plugin once, before first use. */
export interface PluginHost {
  /** The home (`AO_HOME`: config `dataDir`, else the env var, else `~/.ao`). */
  home: string;
  /** The injectable clock: never read `Date.now()` directly in a plugin that the engine times. */
  now(): number;
  log: Logger;
  /**
   * Tell the host a secret value learned at run time (a token from a credential helper, a
   * minted installation token): masked from then on wherever ao writes (logs, journal, output).
   */
  secret?(value: string): void;
}

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** Fields every plugin instance has. */
export interface PluginBase<S extends string> {
  readonly slot: S;
  /** The package name (`@ao/runtime-tmux`), stamped on errors raised inside the plugin. */
  readonly name: string;
  /**
   * The webhook route (`/webhooks/<route>`) for plugins of one service that share a delivery
   * stream (e.g. `github` for its tracker and SCM); default: the package name without `@ao/`.
   */
  readonly webhookRoute?: string;
  /** Called once by the host before any other method. */
  setup?(host: PluginHost): Promise<void> | void;
  /** Called once when the host shuts down. */
  dispose?(): Promise<void> | void;
}

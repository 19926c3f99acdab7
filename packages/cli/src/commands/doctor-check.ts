/** One line of `ao doctor`. */
export interface Check {
  name: string;
  status: "ok" | "warn" | "fail";
  detail: string;
  /** What to do about it (absent when ok). */
  fix?: string;
}

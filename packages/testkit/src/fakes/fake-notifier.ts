import { AoError, type Notification } from "@ao/core";
import { defineFake } from "./define-fake.js";
import { fakeState } from "./state-file.js";

export interface FakeNotifierOptions {
  stateFile?: string;
}

export interface FakeNotifierControl {
  /** Every notification delivered, in order. */
  readonly sent: Notification[];
  /** Make `notify` reject (as an unreachable service would) until set back to false. */
  fail(failing: boolean): void;
  clear(): void;
}

/** A notifier that keeps what it is told. */
export const fakeNotifier = defineFake<"notifier", FakeNotifierOptions, FakeNotifierControl>(
  "notifier",
  "@ao/testkit/fake-notifier",
  (options) => {
    const state = fakeState(options.stateFile, () => ({ sent: [] as Notification[], failing: false }));
    return {
      async notify(notification) {
        if (state.read().failing) {
          throw new AoError({
            code: "NOTIFY_FAILED",
            message: "@ao/testkit/fake-notifier: delivery failed (the test made it fail).",
            hint: "Make the fake deliver again with control.fail(false).",
          });
        }
        state.update((s) => s.sent.push(structuredClone(notification)));
      },
      control: {
        get sent() {
          return state.read().sent;
        },
        fail: (failing) =>
          state.update((s) => {
            s.failing = failing;
          }),
        clear: () =>
          state.update((s) => {
            s.sent = [];
          }),
      },
    };
  },
);

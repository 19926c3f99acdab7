import { trackerContract } from "@ao/plugin-kit";
import { contractFixture, githubWorld } from "./fixture.js";

trackerContract({
  name: "@ao/tracker-github against the fake GitHub",
  setup: async () => contractFixture(await githubWorld()),
});

import { when } from "./support/not-applicable";
import type { SiplabWorld } from "./support/world";

when("{int} seconds pass", async function (this: SiplabWorld, seconds: number) {
  await this.target.passTime(seconds);
});

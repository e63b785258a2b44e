import { Given, Then, When } from "@cucumber/cucumber";
import { NotApplicable } from "../../targets/target";
import type { SiplabWorld } from "./world";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- step arguments are whatever the pattern captures
type StepBody = (this: SiplabWorld, ...args: any[]) => Promise<unknown> | unknown;

/**
 * Every step goes through this wrapper: a NotApplicable thrown anywhere below ends the scenario
 * as skipped *with its reason attached*, which the report counts as "not applicable", never passed.
 */
function wrap(body: StepBody) {
  // cucumber-js reads the arity of the step function to match parameters: keep it.
  const wrapped = async function (this: SiplabWorld, ...args: unknown[]) {
    try {
      return await body.apply(this, args);
    } catch (err) {
      if (err instanceof NotApplicable) {
        this.attach(`not applicable: ${err.message}`, "text/plain");
        return "skipped";
      }
      throw err;
    }
  };
  Object.defineProperty(wrapped, "length", { value: body.length });
  return wrapped;
}

export const given = (pattern: string | RegExp, body: StepBody) => Given(pattern, wrap(body));
export const when = (pattern: string | RegExp, body: StepBody) => When(pattern, wrap(body));
export const then = (pattern: string | RegExp, body: StepBody) => Then(pattern, wrap(body));

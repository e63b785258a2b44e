import { given } from "./support/not-applicable";
import type { SiplabWorld } from "./support/world";

given(
  "the {word} parameter {string} is {int}",
  function (this: SiplabWorld, module: string, name: string, value: number) {
    this.target.requireParam(module, name, value);
  },
);

given("authentication is required", function (this: SiplabWorld) {
  this.target.requireAuth(true);
});

given("authentication is not required", function (this: SiplabWorld) {
  this.target.requireAuth(false);
});

given("{word}'s phones allow only {string}", function (this: SiplabWorld, role: string, methods: string) {
  this.allow.set(
    role,
    methods.split(",").map((m) => m.trim()),
  );
});

given(
  "the {word} parameter {string} is {string}",
  function (this: SiplabWorld, module: string, name: string, value: string) {
    this.target.requireParam(module, name, value);
  },
);

// Runs every colocated *.spec.ts with node's test runner (Node 20 has no --test glob support).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOTS = ["sip-core", "reference-server", "uas-sim", "reports", "targets", "scripts"];
const root = join(__dirname, "..");

function findSpecs(dir: string, out: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out; // a root that does not exist yet has no specs
  }
  for (const name of names) {
    if (name === "node_modules" || name === "out") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findSpecs(path, out);
    else if (name.endsWith(".spec.ts")) out.push(relative(root, path));
  }
  return out;
}

const filter = process.argv.slice(2);
const specs = ROOTS.flatMap((r) => findSpecs(join(root, r), [])).filter(
  (s) => filter.length === 0 || filter.some((f) => s.includes(f)),
);
if (specs.length === 0) {
  console.error("no unit tests found");
  process.exit(1);
}
const result = spawnSync(process.execPath, ["-r", "ts-node/register", "--test", ...specs], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1" },
});
process.exit(result.status ?? 1);

#!/usr/bin/env node
// `npm run check:boundaries`: the import rules of .dependency-cruiser.cjs (file level), plus one
// rule dependency-cruiser cannot express: no cycles between feature FOLDERS. A feature imports
// another feature only if that one never imports it back, directly or through others
// (ADR 0002: "no server file imports from a feature folder that depends on it"). Tests are left
// out of the folder graph: a test may drive several features.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'node_modules', '.bin', 'depcruise');
const run = spawnSync(bin, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (!run.stdout) {
  console.error(run.stderr || 'dependency-cruiser produced no output');
  process.exit(run.status || 1);
}
const result = JSON.parse(run.stdout);

let failed = false;
for (const v of result.summary.violations) {
  failed = true;
  const cycle = v.cycle ? `\n      ${v.cycle.map((c) => c.name ?? c).join(' →\n      ')}` : '';
  console.error(`  error ${v.rule.name}: ${v.from} → ${v.to}${cycle}`);
}

/** The feature folder of a server file, or null. */
const featureOf = (file) => /^src\/server\/features\/([^/]+)\//.exec(file)?.[1] ?? null;
const isTest = (file) => /\.(test|fixture)\.tsx?$/.test(file);
const edges = new Map();
const example = new Map();
for (const module of result.modules) {
  const from = featureOf(module.source);
  if (!from || isTest(module.source)) continue;
  for (const dep of module.dependencies) {
    const to = featureOf(dep.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
    if (!example.has(`${from}>${to}`)) example.set(`${from}>${to}`, `${module.source} → ${dep.resolved}`);
  }
}

// Strongly connected components (Tarjan): any component of two or more folders is a folder cycle.
let index = 0;
const indexOf = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
function visit(v) {
  indexOf.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!indexOf.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indexOf.get(w)));
  }
  if (low.get(v) === indexOf.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component);
  }
}
for (const v of edges.keys()) if (!indexOf.has(v)) visit(v);

for (const component of cycles) {
  failed = true;
  console.error(`  error no-feature-folder-cycle: ${component.sort().join(', ')} import one another:`);
  for (const a of component) for (const b of edges.get(a) ?? []) if (component.includes(b)) console.error(`      ${example.get(`${a}>${b}`)}`);
}

const features = new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])]);
if (failed) {
  console.error(`\n✘ import boundaries broken (rules and reasons: .dependency-cruiser.cjs, docs/development.md)`);
  process.exit(1);
}
console.log(
  `✔ no boundary violations: ${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} imports; ${features.size} feature folders, no folder cycles`,
);

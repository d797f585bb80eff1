// Decides whether .cache/sample-study must be (re)generated: missing, or older than its inputs
// (sample-data/ volumes, the generator's code). Node builtins only: runs before dependencies are checked.
import fs from 'node:fs';
import path from 'node:path';

export const SAMPLE_MARKER = 'sample-study.json';

function newestMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, child) => Math.max(newest, newestMtime(path.join(entry, child))), stat.mtimeMs);
}

export function sampleStudyInputs(root) {
  return [
    path.join(root, 'sample-data'),
    path.join(root, 'scripts', 'make-sample-study.ts'),
    path.join(root, 'scripts', 'sample-study'),
  ];
}

export function sampleStudyIsStale(root, out = path.join(root, '.cache', 'sample-study')) {
  let built;
  try {
    built = fs.statSync(path.join(out, SAMPLE_MARKER)).mtimeMs;
  } catch {
    return true;
  }
  return Math.max(...sampleStudyInputs(root).map(newestMtime)) > built;
}

// Decides whether .cache/sample-study must be (re)generated: missing, or older than its inputs
// (sample-data/ volumes, the generator's code). Node builtins only: runs before dependencies are installed.
import fs from 'node:fs';
import path from 'node:path';
import { newestMtime } from './bootstrap.mjs';

export const SAMPLE_MARKER = 'sample-study.json';

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

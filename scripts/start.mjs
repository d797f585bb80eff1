#!/usr/bin/env node
// `npm start`: make a fresh clone serve the viewer. Installs what is missing, builds, generates the sample
// study, then serves stock OHIF + our plugins on http://127.0.0.1:3000 (PORT or --port overrides).
//   npm start                         embedded DICOMweb over the generated sample study
//   npm start -- --pacs <DICOMweb root URL>   a real PACS, proxied under the same origin
//   npm start -- --dicom-dir <folder>          any folder of DICOM files
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BootstrapError, ROOT, bootstrap, runCli } from './bootstrap.mjs';
import { sampleStudyIsStale } from './sampleStudyFreshness.mjs';

const SAMPLE_STUDY_DIR = path.join(ROOT, '.cache', 'sample-study');

function makeSampleStudy() {
  console.log('Generating the sample CT study...');
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'make-sample-study.ts')],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new BootstrapError('Generating the sample study failed (npm run make-sample).');
}

const args = process.argv.slice(2);
let options;
try {
  ({ values: options } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      pacs: { type: 'string' },
      'dicom-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
  }));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
if (options.help) {
  console.log('usage: npm start [-- --port N] [--host 127.0.0.1] [--pacs <DICOMweb root URL> | --dicom-dir <folder>]');
  process.exit(0);
}

runCli(() => {
  bootstrap();
  if (!options.pacs && !options['dicom-dir'] && sampleStudyIsStale(ROOT, SAMPLE_STUDY_DIR)) makeSampleStudy();
});

const serverArgs = [...args];
if (!options.pacs && !options['dicom-dir']) serverArgs.push('--dicom-dir', SAMPLE_STUDY_DIR);
// Imported only now: the server needs node_modules (dcmjs), which bootstrap may just have installed.
const { main } = await import('../viewer/server.mjs');
await main(serverArgs);

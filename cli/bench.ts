/**
 * npm run bench -- --target node --input <file.nii.gz | DICOM folder> [--model <dir>] [--threads N] [--out <bench.json>]
 * Per-stage and total wall time and peak RSS, as JSON. Each target lives in cli/bench/<target>.ts and returns the
 * JSON object; add a target by adding a case below.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { benchBrowser } from './bench/browser';
import { benchNode } from './bench/node';
import { DEFAULT_MODEL_DIR } from './model/load-model';
import { exitWithError, UsageError } from './one-line-error';

const USAGE = 'usage: npm run bench -- --target node|browser --input <path> [--model <dir>] [--threads N] [--out <bench.json>]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        target: { type: 'string', default: 'node' },
        input: { type: 'string' },
        model: { type: 'string' },
        threads: { type: 'string' },
        out: { type: 'string' },
      },
      strict: false,
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}. ${USAGE}`);
  }
  const input = values.input;
  if (typeof input !== 'string') throw new UsageError(USAGE);
  const modelDir = typeof values.model === 'string' ? values.model : DEFAULT_MODEL_DIR;
  const threads = Number(values.threads ?? 2) || 2;
  let result: object;
  switch (values.target) {
    case 'node':
      result = await benchNode({ input, modelDir, threads });
      break;
    case 'browser':
      result = await benchBrowser({ input });
      break;
    default:
      throw new UsageError(`Unknown bench target "${String(values.target)}"; available: node, browser.`);
  }
  const text = JSON.stringify(result, null, 2) + '\n';
  if (typeof values.out === 'string') await writeFile(values.out, text);
  process.stdout.write(text);
}

main().catch(exitWithError);

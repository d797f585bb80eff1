/** scripts/bootstrap.mjs is plain ESM (it runs before node_modules exists), so it is exercised in a child node. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const bootstrapUrl = `file://${path.resolve(__dirname, '../../../scripts/bootstrap.mjs')}`;

function runModule(code: string, env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', `import * as b from '${bootstrapUrl}';\n${code}`], {
    env,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bootstrap', () => {
  it('names a missing system tool in one line and exits 1', () => {
    const emptyRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bootstrap-test-'));
    try {
      // A PATH with an npm but no tar; the check happens before npm would run.
      const bin = path.join(emptyRoot, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'npm'), '#!/bin/sh\nexit 99\n', { mode: 0o755 });
      const result = runModule(`b.runCli(() => b.ensureOhifDist(${JSON.stringify(emptyRoot)}));`, { ...process.env, PATH: bin });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        'Missing system tool: tar (needed to unpack the OHIF viewer); install it and retry.',
      ]);
      expect(fs.existsSync(path.join(emptyRoot, '.cache', 'ohif-app-3.13.2'))).toBe(false);
    } finally {
      fs.rmSync(emptyRoot, { recursive: true, force: true });
    }
  });

  it('finds packages the lock file installs but node_modules lacks (optional ones excepted)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bootstrap-lock-'));
    try {
      fs.mkdirSync(path.join(root, 'node_modules', 'present'), { recursive: true });
      fs.writeFileSync(
        path.join(root, 'package-lock.json'),
        JSON.stringify({
          packages: {
            '': { name: 'x' },
            'node_modules/present': { version: '1.0.0' },
            'node_modules/absent': { version: '1.0.0' },
            'node_modules/@esbuild/other-platform': { version: '1.0.0', optional: true },
          },
        }),
      );
      const result = runModule(`console.log(JSON.stringify(b.packagesMissingFromLock(${JSON.stringify(root)})));`);
      expect(JSON.parse(result.stdout)).toEqual(['node_modules/absent']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('computes npm-style sha512 integrity strings', () => {
    const file = path.join(os.tmpdir(), `bootstrap-integrity-${process.pid}.txt`);
    fs.writeFileSync(file, 'abc');
    try {
      const result = runModule(`console.log(b.sha512Integrity(${JSON.stringify(file)}));`);
      expect(result.stdout.trim()).toBe(
        'sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==',
      );
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('pins @ohif/app 3.13.2 and places its dist under .cache/', () => {
    const result = runModule('console.log(JSON.stringify([b.OHIF_APP.version, b.ohifDistDir("/r")]));');
    expect(JSON.parse(result.stdout)).toEqual(['3.13.2', '/r/.cache/ohif-app-3.13.2/dist']);
  });
});

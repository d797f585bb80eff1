#!/usr/bin/env node
// `npm test`: unit tests, then end-to-end tests (Orthanc + viewer server + Chromium) in a private network namespace.
//   npm test [-- --e2e-only] [-- <extra jest arguments, e.g. a test path pattern>]
// Node builtins only: this runs on a fresh clone before node_modules exists (the bootstrap installs it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What the e2e needs from the system, and the Debian package that provides it. */
export const SYSTEM_REQUIREMENTS = [
  { what: 'Chromium', paths: ['/usr/bin/chromium'], debianPackage: 'chromium' },
  { what: 'Orthanc', paths: ['/usr/sbin/Orthanc'], debianPackage: 'orthanc' },
  {
    what: "Orthanc's DICOMweb plugin",
    paths: ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so'],
    debianPackage: 'orthanc-dicomweb',
  },
  { what: "dcmtk's dcmodify (repairs the real CT fixture)", paths: ['/usr/bin/dcmodify'], debianPackage: 'dcmtk' },
  { what: "dicom3tools' dciodvfy (validates the stored DICOM SEG)", paths: ['/usr/bin/dciodvfy'], debianPackage: 'dicom3tools' },
  { what: 'unshare', paths: ['/usr/bin/unshare'], debianPackage: 'util-linux' },
  { what: 'ip', paths: ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'], debianPackage: 'iproute2' },
];

function firstExisting(paths) {
  return paths.find((p) => {
    try {
      fs.accessSync(p, fs.constants.R_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function missingRequirements(requirements = SYSTEM_REQUIREMENTS) {
  return requirements.filter((r) => !firstExisting(r.paths));
}

function fail(line, code = 1) {
  process.stderr.write(`${line}\n`);
  process.exit(code);
}

/**
 * As root on Debian, install what is missing (quietly; this is what .ci/run does up front). Anyone else gets one
 * line naming the package to install.
 */
function ensureSystemPackages() {
  let missing = missingRequirements();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const aptGet = firstExisting(['/usr/bin/apt-get']);
  if (isRoot && aptGet) {
    const packages = [...new Set(missing.map((r) => r.debianPackage))];
    process.stderr.write(`[npm test] installing missing Debian packages: ${packages.join(' ')}\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () =>
      spawnSync(aptGet, ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'ignore', env });
    if (install().status !== 0) {
      spawnSync(aptGet, ['update', '-qq'], { stdio: 'ignore', env });
      install();
    }
    missing = missingRequirements();
  }
  if (missing.length > 0) {
    const first = missing[0];
    fail(`npm test needs the Debian package '${first.debianPackage}' (${first.what}): apt-get install ${first.debianPackage}`);
  }
}

/**
 * Orthanc always listens on 0.0.0.0; the e2e therefore runs in a fresh network namespace with only loopback, so
 * nothing it starts is reachable from outside and nothing collides with services on the host (e.g. a Debian Orthanc
 * on 8042). Root can create one directly; other users need unprivileged user namespaces (`unshare -rn`).
 */
function namespaceCommand() {
  const ip = firstExisting(['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip']);
  for (const flags of [['-n'], ['-r', '-n']]) {
    const probe = spawnSync('unshare', [...flags, ip, 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
    if (probe.status === 0) return { flags, ip };
  }
  fail('npm test runs the e2e in a private network namespace (unshare -n): run it as root or enable unprivileged user namespaces');
  return undefined;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) fail(`npm test could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function main(argv) {
  const e2eOnly = argv.includes('--e2e-only');
  const jestArgs = argv.filter((a) => a !== '--e2e-only');

  ensureSystemPackages();
  const netns = namespaceCommand();

  // node_modules, the pinned OHIF viewer, our bundles: the same bootstrap `npm start` uses.
  const bootstrapStatus = run(process.execPath, [path.join(ROOT, 'scripts', 'bootstrap.mjs')]);
  if (bootstrapStatus !== 0) process.exit(bootstrapStatus);
  const sampleStatus = run('npm', ['run', '--silent', 'make-sample']);
  if (sampleStatus !== 0) fail(`npm test: making the sample study failed (exit ${sampleStatus})`, sampleStatus);

  const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  let unitStatus = 0;
  if (!e2eOnly) {
    unitStatus = run(process.execPath, [jest, ...jestArgs, '--selectProjects', 'unit']);
  }
  // Inside the namespace: bring loopback up, then hand over to jest (exec keeps its exit code).
  const quote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;
  const e2eCommand = [process.execPath, jest, ...jestArgs, '--runInBand', '--verbose', '--selectProjects', 'e2e']
    .map(quote)
    .join(' ');
  const e2eStatus = run('unshare', [...netns.flags, 'sh', '-c', `${quote(netns.ip)} link set lo up && exec ${e2eCommand}`]);
  process.exit(unitStatus !== 0 ? unitStatus : e2eStatus);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}

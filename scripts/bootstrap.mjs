#!/usr/bin/env node
// Makes a fresh clone runnable: node_modules, the prebuilt OHIF viewer, our two plugin bundles.
// Shared by `npm start` and `npm test`; node builtins only, because it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const OHIF_APP = {
  name: '@ohif/app',
  version: '3.13.2',
  integrity:
    'sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA==',
};

/** Folder holding the viewer's static files (index.html, app-config.js, bundles). */
export function ohifDistDir(root = ROOT) {
  return path.join(root, '.cache', `ohif-app-${OHIF_APP.version}`, 'dist');
}

export const PLUGIN_BUNDLES = {
  extension: 'dist/plugins/bone-segmentation/extension.mjs',
  mode: 'dist/plugins/bone-planning/mode.mjs',
};

/** A missing prerequisite the user must fix; the CLI prints its message as one line and exits 1. */
export class BootstrapError extends Error {}

function log(message) {
  process.stderr.write(`[bootstrap] ${message}\n`);
}

/** Absolute path of an executable on PATH, or null. */
export function findTool(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

export function requireTool(name, why) {
  const found = findTool(name);
  if (!found) throw new BootstrapError(`Missing system tool: ${name} (needed to ${why}); install it and retry.`);
  return found;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new BootstrapError(`Could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new BootstrapError(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  }
  return result;
}

/** Packages whose absence means node_modules is not usable (a partial or foreign install). */
const REQUIRED_MODULES = ['webpack', 'webpack-cli', 'swc-loader', '@swc/core', 'dcmjs', 'tsx', 'onnxruntime-web'];

export function nodeModulesReady(root = ROOT) {
  return REQUIRED_MODULES.every((name) => fs.existsSync(path.join(root, 'node_modules', name, 'package.json')));
}

/** Packages package-lock.json installs (optional ones excepted) that are absent from node_modules. */
export function packagesMissingFromLock(root = ROOT) {
  let lock;
  try {
    lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  } catch {
    return [];
  }
  return Object.entries(lock.packages ?? {})
    .filter(([key, entry]) => key.startsWith('node_modules/') && !entry.optional)
    .map(([key]) => key)
    .filter((key) => !fs.existsSync(path.join(root, key)));
}

export function ensureNodeModules(root = ROOT) {
  if (nodeModulesReady(root)) {
    // An existing install is never wiped automatically (npm ci deletes node_modules); say what to run instead.
    const missing = packagesMissingFromLock(root);
    if (missing.length) {
      throw new BootstrapError(
        `node_modules is out of date with package-lock.json (missing ${missing[0].slice('node_modules/'.length)}` +
          `${missing.length > 1 ? ` and ${missing.length - 1} more` : ''}); run \`npm ci\` and retry.`,
      );
    }
    return false;
  }
  requireTool('npm', 'install the JavaScript dependencies');
  if (!fs.existsSync(path.join(root, 'package-lock.json'))) {
    throw new BootstrapError('package-lock.json is missing: cannot run `npm ci`.');
  }
  log('installing node_modules with `npm ci` (first run only)...');
  // onnxruntime-node's install script would download CUDA libraries; its bundled CPU binary is all we use.
  run('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  if (!nodeModulesReady(root)) throw new BootstrapError('`npm ci` finished but required packages are still missing.');
  return true;
}

export function sha512Integrity(file) {
  const hash = createHash('sha512');
  hash.update(fs.readFileSync(file));
  return `sha512-${hash.digest('base64')}`;
}

const OHIF_MARKER = '.bootstrap-complete';

export function ohifDistReady(root = ROOT) {
  const dir = path.dirname(ohifDistDir(root));
  try {
    return fs.readFileSync(path.join(dir, OHIF_MARKER), 'utf8').trim() === OHIF_APP.integrity &&
      fs.existsSync(path.join(ohifDistDir(root), 'index.html'));
  } catch {
    return false;
  }
}

/**
 * `@ohif/app` cannot be npm-installed (one of its dependencies is not on the registry), but its tarball ships the
 * built viewer: fetch it with `npm pack`, check the pinned integrity, unpack it under .cache/.
 */
export function ensureOhifDist(root = ROOT) {
  if (ohifDistReady(root)) return false;
  requireTool('npm', 'download the OHIF viewer');
  requireTool('tar', 'unpack the OHIF viewer');
  const cache = path.join(root, '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const tarball = path.join(cache, `ohif-app-${OHIF_APP.version}.tgz`);
  if (!fs.existsSync(tarball) || sha512Integrity(tarball) !== OHIF_APP.integrity) {
    log(`downloading ${OHIF_APP.name}@${OHIF_APP.version} with npm pack...`);
    fs.rmSync(tarball, { force: true });
    run('npm', ['pack', `${OHIF_APP.name}@${OHIF_APP.version}`, '--pack-destination', cache, '--silent'], {
      cwd: cache,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  if (!fs.existsSync(tarball)) throw new BootstrapError(`npm pack did not produce ${tarball}`);
  const actual = sha512Integrity(tarball);
  if (actual !== OHIF_APP.integrity) {
    fs.rmSync(tarball, { force: true });
    throw new BootstrapError(`Integrity mismatch for ${OHIF_APP.name}@${OHIF_APP.version}: got ${actual}`);
  }
  const target = path.dirname(ohifDistDir(root));
  const staging = `${target}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
  if (!fs.existsSync(path.join(staging, 'dist', 'index.html'))) {
    throw new BootstrapError(`${tarball} has no dist/index.html`);
  }
  fs.writeFileSync(path.join(staging, OHIF_MARKER), `${OHIF_APP.integrity}\n`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(staging, target);
  log(`OHIF viewer ready in ${path.relative(root, target)}`);
  return true;
}

/** Everything the bundles are built from; a change in any of them triggers a rebuild. */
export const BUNDLE_SOURCES = ['extensions', 'modes', '.webpack', 'models/bone-coarse', 'package-lock.json'];

/** Newest modification time (ms) of a file or of anything under a folder, node_modules and dist excluded. */
export function newestMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) {
    if (child === 'node_modules' || child === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Written after each successful build; webpack leaves unchanged outputs untouched, so their mtimes cannot tell. */
const BUILD_STAMP = 'dist/plugins/.build-stamp';

export function bundlesUpToDate(root = ROOT) {
  if (!Object.values(PLUGIN_BUNDLES).every((p) => fs.existsSync(path.join(root, p)))) return false;
  let built;
  try {
    built = fs.statSync(path.join(root, BUILD_STAMP)).mtimeMs;
  } catch {
    return false;
  }
  return built >= Math.max(...BUNDLE_SOURCES.map((p) => newestMtime(path.join(root, p))));
}

export function buildBundles(root = ROOT) {
  log('building plugin bundles (webpack)...');
  // Stamped with the start time: a source saved during the build still counts as newer next time.
  const started = new Date();
  run(process.execPath, [path.join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--config',
    path.join(root, '.webpack', 'webpack.config.mjs')], { cwd: root });
  const stamp = path.join(root, BUILD_STAMP);
  fs.writeFileSync(stamp, `${started.toISOString()}\n`);
  fs.utimesSync(stamp, started, started);
}

export function ensureBundles(root = ROOT, { force = false } = {}) {
  if (!force && bundlesUpToDate(root)) return false;
  buildBundles(root);
  return true;
}

/** The whole bootstrap, in dependency order. */
export function bootstrap({ root = ROOT, build = true, forceBuild = false } = {}) {
  ensureNodeModules(root);
  ensureOhifDist(root);
  if (build) ensureBundles(root, { force: forceBuild });
}

/** Runs `fn`; a BootstrapError becomes one line on stderr and exit code 1. */
export function runCli(fn) {
  try {
    return fn();
  } catch (error) {
    if (error instanceof BootstrapError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write('usage: node scripts/bootstrap.mjs [--no-build] [--force-build]\n');
    process.exit(0);
  }
  runCli(() => bootstrap({ build: !args.includes('--no-build'), forceBuild: args.includes('--force-build') }));
}

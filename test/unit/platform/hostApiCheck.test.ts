/**
 * The host check must check what the plugin uses, no more and no less: the service methods called in the
 * extension's source (found by reading it) against REQUIRED_SERVICE_METHODS, and the module entries it asks for.
 * A new `someService.method(` call without a matching entry fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REQUIRED_MODULE_ENTRIES, REQUIRED_SERVICE_METHODS } from '../../../extensions/bone-segmentation/src/ohif/readHostFacts';

const srcRoot = path.resolve(__dirname, '../../../extensions/bone-segmentation/src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** Strips comments so that prose such as "segmentationService.addSegment(" in a doc comment does not count. */
function code(file: string): string {
  return fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('the host compatibility check', () => {
  // The checker itself looks entries up from its own list; it is what is being checked.
  const all = sources(srcRoot).filter((f) => !f.endsWith(path.join('ohif', 'readHostFacts.ts'))).map(code).join('\n');

  it('requires exactly the service methods the extension calls unconditionally', () => {
    const called: Record<string, Set<string>> = {};
    for (const match of all.matchAll(/\b([a-zA-Z]+Service)\??\.([a-zA-Z]+)(\?\.)?\(/g)) {
      const [, service, method, optionalCall] = match;
      if (optionalCall) continue;
      (called[service] ??= new Set()).add(method);
    }
    const found = Object.fromEntries(Object.entries(called).map(([s, m]) => [s, [...m].sort()]).sort());
    const required = Object.fromEntries(Object.entries(REQUIRED_SERVICE_METHODS).map(([s, m]) => [s, [...m].sort()]).sort());
    expect(required).toEqual(found);
  });

  it('requires exactly the module entries the extension looks up', () => {
    const constants: Record<string, string> = Object.fromEntries([...all.matchAll(/const ([A-Z_]+) = '([^']+)'/g)].map((m) => [m[1], m[2]]));
    // Calls only (an identifier or a string literal as the argument), not the method's type declaration.
    const entries = [...all.matchAll(/getModuleEntry\(\s*([A-Za-z_][\w]*|'[^']*')\s*\)/g)].map((m) => {
      const arg = m[1].trim();
      return /^'.*'$/.test(arg) ? arg.slice(1, -1) : constants[arg];
    });
    expect(entries.filter(Boolean).length).toBe(entries.length);
    expect([...new Set(entries)].sort()).toEqual([...REQUIRED_MODULE_ENTRIES].sort());
  });
});

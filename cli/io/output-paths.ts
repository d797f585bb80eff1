/**
 * Checks where the CLI will write, before any work: an output must never replace the input (or a file inside the
 * input DICOM folder), two outputs must not be the same file, and the folder to write into must exist. A run that
 * fails only after minutes of segmentation, or that overwrites the user's CT, is the bug this prevents.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { UsageError } from '../one-line-error';

/** The absolute, symlink-resolved path; for a file that does not exist yet, its resolved folder plus its name. */
function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      return resolve(realpathSync(dirname(absolute)), absolute.slice(dirname(absolute).length + 1));
    } catch {
      return absolute;
    }
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * @param input the --input file or folder
 * @param outputs flag name -> path, for every output the run will write (files; a folder output names it so)
 */
export function checkOutputPaths(input: string, outputs: Array<{ flag: string; path: string; kind?: 'file' | 'folder' }>): void {
  const inputPath = canonical(input);
  let inputIsFolder = false;
  try {
    inputIsFolder = statSync(inputPath).isDirectory();
  } catch {
    // A missing input is reported by the reader, with its own message.
  }
  const seen = new Map<string, string>();
  for (const { flag, path, kind = 'file' } of outputs) {
    const target = canonical(path);
    if (target === inputPath || sameFile(target, inputPath)) throw new UsageError(`${flag} ${path} is the input; choose another path so the input is kept.`);
    if (inputIsFolder && target.startsWith(inputPath + sep)) throw new UsageError(`${flag} ${path} is inside the input DICOM folder; write outside it so the input is kept.`);
    const other = seen.get(target);
    if (other) throw new UsageError(`${flag} and ${other} are the same path (${path}).`);
    seen.set(target, flag);
    if (kind === 'file') {
      let isFolder = false;
      try {
        isFolder = statSync(target).isDirectory();
      } catch {
        // Not there yet: fine, its folder is checked next.
      }
      if (isFolder) throw new UsageError(`${flag} ${path} is a folder; give a file name.`);
      const folder = dirname(target);
      let folderOk = false;
      try {
        folderOk = statSync(folder).isDirectory();
      } catch {
        folderOk = false;
      }
      if (!folderOk) throw new UsageError(`${flag} ${path}: the folder ${folder} does not exist.`);
    } else {
      let kindOk = true;
      try {
        kindOk = statSync(target).isDirectory();
      } catch {
        // Created by the run; its parent must be there (a typo should not create a tree of folders).
        try {
          kindOk = statSync(dirname(target)).isDirectory();
        } catch {
          kindOk = false;
        }
      }
      if (!kindOk) throw new UsageError(`${flag} ${path} is not a folder that exists or can be created.`);
    }
  }
}
